// Checks an expanded Teams card: Adaptive Card 1.5, under the size budget, buttons that core can route, and clean
// according to the official parser. Cheap checks run first, so an oversized page fails fast (fitItems relies on it).
import { findAdaptiveCardProblems } from './adaptive-cards';
import { RenderLimitError, TemplateError } from './errors';
import { formatPath } from './expand';
import { TEAMS_LIMITS } from './limits';

export interface TeamsCheckResult {
  /** UTF-8 bytes of the card JSON, i.e. of the attachment content. */
  bytes: number;
}

export function checkTeamsCard(card: unknown, view: string): TeamsCheckResult {
  const fail = (path: string, message: string) => new TemplateError(view, 'teams', path, message);
  if (!isRecord(card) || card.type !== 'AdaptiveCard') throw fail('type', 'the template is not an AdaptiveCard');
  if (card.version !== TEAMS_LIMITS.cardVersion) {
    throw fail(
      'version',
      `version is ${JSON.stringify(card.version)}; Teams needs "${TEAMS_LIMITS.cardVersion}" (Action.Execute, Universal Actions)`,
    );
  }
  const bytes = Buffer.byteLength(JSON.stringify(card), 'utf8');
  if (bytes > TEAMS_LIMITS.maxCardBytes) {
    throw new RenderLimitError({
      view,
      platform: 'teams',
      path: '',
      limit: 'card size',
      actual: bytes,
      max: TEAMS_LIMITS.maxCardBytes,
      unit: 'bytes',
    });
  }
  const badAction = findBadExecuteAction(card, []);
  if (badAction) throw fail(badAction, 'Action.Execute needs a non-empty `verb` and an object `data` (the command)');
  const problems = findAdaptiveCardProblems(card);
  if (problems.length > 0) {
    throw fail('', `the adaptivecards parser reports: ${problems.slice(0, 5).join('; ')}`);
  }
  return { bytes };
}

/** Path of the first Action.Execute (anywhere: actions, selectAction, ActionSet, ShowCard) lacking verb or data. */
function findBadExecuteAction(node: unknown, trail: Array<string | number>): string | undefined {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      trail.push(i);
      const found = findBadExecuteAction(node[i], trail);
      trail.pop();
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (!isRecord(node)) return undefined;
  if (node.type === 'Action.Execute') {
    const verbOk = typeof node.verb === 'string' && node.verb.length > 0;
    if (!verbOk || !isRecord(node.data)) return formatPath(trail);
  }
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (value === null || typeof value !== 'object') continue;
    trail.push(key);
    const found = findBadExecuteAction(value, trail);
    trail.pop();
    if (found !== undefined) return found;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
