// What to say when the first word is no command: the closest command by phrase ("failed jobs" → `jobs failed`),
// by typo ("jbos" → `jobs`) or by keyword ("anything fail…" → `jobs failed`), keeping the user's filters.
import { ParseFailure } from './parse-values';
import { closestWord, editDistance, typoAllowance } from './suggest-words';
import { clip, partsSource, plainWord, type Token, tokenize } from './tokenize';
import { verbOf, verbWords } from './words';

/** Parses tokens into canonical text, or undefined when they do not parse. */
export type TryParse = (tokens: Token[]) => string | undefined;

const PHRASES: Record<string, readonly string[]> = {
  'jobs failed': [
    'failed jobs',
    'failed',
    'failures',
    'failed backups',
    'failed backup jobs',
    'backup failures',
    'job failures',
    'what failed',
    'errors',
    'failing jobs',
    'broken backups',
  ],
  'jobs running': ['running jobs', 'running', 'in progress', 'jobs in progress', 'active jobs', 'current jobs'],
  'jobs all': ['all jobs', 'job history', 'recent jobs'],
  'items stale': ['stale backups', 'stale items', 'overdue backups', 'old backups', 'late backups', 'backups overdue'],
  items: ['backup items', 'protected items', 'backup instances', 'all items', 'item list'],
  vaults: ['vault health', 'vault status', 'vault security', 'vault list', 'list of vaults', 'security level'],
  compliance: ['policy compliance', 'azure policy', 'governance', 'compliance report', 'non-compliant'],
  'alerts active': ['active alerts', 'open alerts', 'backup alerts', 'security alerts', 'alarms', 'incidents'],
  policies: ['backup policies', 'policy list', 'retention', 'schedules', 'backup schedule', 'unused policies'],
  unprotected: [
    'not protected',
    'unprotected resources',
    'no backup',
    'without backup',
    'missing backups',
    'not backed up',
  ],
  summary: ['health', 'backup health', 'backup status', 'report', 'posture', 'backups'],
  help: ['what can you do', 'usage', 'hello', 'hi', 'hey'],
};

/** Words that carry no meaning in a request ("show me the failures"). */
const FILLERS = new Set([
  'show',
  'list',
  'get',
  'display',
  'please',
  'pls',
  'give',
  'me',
  'my',
  'the',
  'are',
  'is',
  'any',
]);

const KEYWORDS: [RegExp, string][] = [
  [/stale|overdue|outdated/, 'items stale'],
  [/alert|alarm|incident/, 'alerts active'],
  [/fail|error|broke/, 'jobs failed'],
  [/running|progress/, 'jobs running'],
  [/unprotect|protect|backed/, 'unprotected'],
  [/complian|governance/, 'compliance'],
  [/polic|retention|schedul/, 'policies'],
  [/vault/, 'vaults'],
  [/health|status|overview|summar/, 'summary'],
  [/help|command/, 'help'],
];

function isOption(token: Token): boolean {
  return plainWord(token) === undefined || (plainWord(token) as string).includes(':');
}

function byPhrase(words: string[]): string | undefined {
  const text = words.filter((w) => !FILLERS.has(w)).join(' ');
  if (text === '' || text.length > 60) return undefined;
  let best: string | undefined;
  let bestDistance = typoAllowance(text.length) + 1;
  for (const [command, phrases] of Object.entries(PHRASES)) {
    for (const phrase of phrases) {
      const d = editDistance(text, phrase);
      if (d < bestDistance && d <= typoAllowance(phrase.length)) {
        best = command;
        bestDistance = d;
      }
    }
  }
  return best;
}

function byKeyword(words: string[]): string | undefined {
  for (const [pattern, command] of KEYWORDS) if (words.some((w) => pattern.test(w))) return command;
  return undefined;
}

/** The failure for unknown input, with the closest runnable command (filters kept when they parse). */
export function unknownCommand(tokens: Token[], tryParse: TryParse): ParseFailure {
  const first = tokens[0] as Token;
  const words = tokens.filter((t) => !isOption(t)).map((t) => plainWord(t) as string);
  const options = tokens.filter(isOption);
  const withOptions = (command: string): string =>
    tryParse([...tokenize(command), ...options]) ?? tryParse(tokenize(command)) ?? command;

  let suggestion: string | undefined;
  const phrase = byPhrase(words);
  if (phrase !== undefined) suggestion = withOptions(phrase);
  const typo = closestWord(plainWord(first) ?? '', verbWords());
  if (suggestion === undefined && typo !== undefined) {
    const replaced = [...tokenize(typo), ...tokens.slice(1)];
    suggestion = tryParse(replaced) ?? tryParse(tokenize(typo)) ?? (verbOf(typo) as string);
  }
  if (suggestion === undefined) {
    const keyword = byKeyword(words);
    if (keyword !== undefined) suggestion = withOptions(keyword);
  }
  const said = `I don't know "${clip(tokensSource(tokens), 40)}".`;
  return new ParseFailure({
    code: 'unknown-command',
    message: suggestion === undefined ? `${said} Try \`help\`.` : `${said} Did you mean \`${suggestion}\`?`,
    ...(suggestion === undefined ? {} : { suggestion }),
  });
}

/** Source text of tokens (for rebuilding a corrected command). */
export function tokensSource(tokens: Token[]): string {
  return tokens.map((t) => partsSource(t.parts)).join(' ');
}
