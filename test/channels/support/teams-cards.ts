// Reading Adaptive Cards the way a person would: their buttons (Action.Execute), facts and texts.
import { textsOf } from '../teams/support';

// biome-ignore lint/suspicious/noExplicitAny: cards are JSON.
export type Card = any;

export interface ExecuteAction {
  title: string;
  /** `cmd:<view>`: the view of the card the button sits on (Teams sends it back with the click). */
  verb: string;
  /** What the button says on hover and to screen readers, when more than its title ("Retry vm-web-01"). */
  tooltip?: string;
  data: unknown;
}

export function executeActions(card: Card): ExecuteAction[] {
  const found: ExecuteAction[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.type === 'Action.Execute')
        found.push({
          title: String(record.title),
          verb: String(record.verb),
          data: record.data,
          ...(typeof record.tooltip === 'string' ? { tooltip: record.tooltip } : {}),
        });
      for (const [key, value] of Object.entries(record)) if (key !== 'fallback') walk(value);
    }
  };
  walk(card);
  return found;
}

export function button(card: Card, title: string | RegExp): ExecuteAction {
  // A row's "Retry" is found by its tooltip ("Retry vm-web-01"), as a screen reader names it.
  const names = (a: ExecuteAction) => [a.title, ...(a.tooltip === undefined ? [] : [a.tooltip])];
  const found = executeActions(card).find((a) =>
    names(a).some((n) => (typeof title === 'string' ? n === title : title.test(n))),
  );
  if (found === undefined) {
    throw new Error(
      `no "${title}" button; the card has ${executeActions(card)
        .map((a) => a.title)
        .join(', ')}`,
    );
  }
  return found;
}

/** FactSet facts by title. */
export function factsOf(card: Card): Record<string, string> {
  const facts: Record<string, string> = {};
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.type === 'FactSet' && Array.isArray(record.facts)) {
        for (const f of record.facts as Array<{ title: string; value: string }>) facts[f.title] = f.value;
      }
      for (const value of Object.values(record)) walk(value);
    }
  };
  walk(card?.body);
  return facts;
}

/** Every text a person reads on the card, one per line. */
export function readCard(card: Card): string {
  return textsOf(card).join('\n');
}
