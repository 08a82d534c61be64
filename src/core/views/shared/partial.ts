// The partial-answer banner: an incomplete answer (throttled or failed subscriptions, a row limit) says so, at the top.
import type { PartialNote } from '../../domain/result';
import { clipText } from './words';

const MAX_BANNER = 600;

/**
 * "⚠️ Partial answer: 2 subscriptions throttled (Production, Test); …", or undefined when the answer is complete.
 * Notes of the same kind are merged so that a throttled estate of 100 subscriptions still gives one short line.
 */
export function describePartial(notes: readonly PartialNote[]): string | undefined {
  if (notes.length === 0) return undefined;
  const byKind = new Map<PartialNote['kind'], PartialNote[]>();
  for (const n of notes) byKind.set(n.kind, [...(byKind.get(n.kind) ?? []), n]);
  const parts: string[] = [];
  for (const [kind, group] of byKind) {
    const subs = [...new Set(group.flatMap((n) => n.subscriptions ?? []))];
    if (subs.length > 0 && SUBSCRIPTION_WORDS[kind] !== undefined) {
      const names = subs.slice(0, 3).join(', ') + (subs.length > 3 ? ` and ${subs.length - 3} more` : '');
      const count = subs.length === 1 ? '1 subscription' : `${subs.length} subscriptions`;
      parts.push(`${count} ${SUBSCRIPTION_WORDS[kind]} (${names})`);
    } else {
      parts.push(...new Set(group.map((n) => n.detail)));
    }
  }
  return clipText(`⚠️ Partial answer: ${parts.join('; ')}. Numbers below may be low.`, MAX_BANNER);
}

const SUBSCRIPTION_WORDS: Partial<Record<PartialNote['kind'], string>> = {
  throttled: 'throttled by Azure',
  'failed-batch': 'could not be read',
  'inaccessible-subscriptions': 'not readable by the bot',
  timeout: 'timed out',
};
