// Prints a Command as its canonical text: what "Show query", help examples and button payloads carry.
// parseCommand(formatCommand(c)) gives back c for every command the parser can produce (a property test checks it).
import { escapeMarkup } from './markup';
import { QUOTE_CHARS, quoteText } from './tokenize';
import type { Command, CommandFilters, Paging } from './types';
import { HELP_FLAGS, SNOOZE_LENGTH_WORDS, STOP_WORDS, UNUSED_WORDS, VAULT_LIST_WORDS, workloadOf } from './words';

type Context = 'value' | 'tag-key' | 'tag-value' | 'name' | 'vault-name' | 'policy-name';

const ENDS_IN_PUNCTUATION = /[.?!,;…。？！]$/;
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/;

function needsQuotes(value: string, context: Context): boolean {
  if (value === '') return context !== 'tag-value';
  if (/\s/.test(value) || INVISIBLE.test(value) || ENDS_IN_PUNCTUATION.test(value)) return true;
  if ([...QUOTE_CHARS].some((q) => value.includes(q))) return true;
  if (context === 'tag-key') return value.includes('=');
  if (context === 'name' || context === 'vault-name' || context === 'policy-name') {
    const lower = value.toLowerCase();
    // A name must not read as an option, a help flag, or (for vaults) a request for the vault list.
    if (value.includes(':') || HELP_FLAGS.includes(lower)) return true;
    // A policy name must not read as one of the policies words (a workload, "unused", a small word).
    if (context === 'policy-name') {
      return (
        UNUSED_WORDS.includes(lower) ||
        STOP_WORDS.has(lower) ||
        workloadOf(lower) !== undefined ||
        lower === 'compliance'
      );
    }
    return context === 'vault-name' && VAULT_LIST_WORDS.includes(lower);
  }
  return false;
}

function show(value: string, context: Context = 'value'): string {
  return needsQuotes(value, context) ? quoteText(value) : value;
}

function filterWords(f: CommandFilters): string[] {
  const out: string[] = [];
  if (f.subscription !== undefined) out.push(`sub:${show(f.subscription)}`);
  if (f.resourceGroup !== undefined) out.push(`rg:${show(f.resourceGroup)}`);
  if (f.vault !== undefined) out.push(`vault:${show(f.vault)}`);
  if (f.workload !== undefined) out.push(`type:${f.workload}`);
  for (const tag of f.tags ?? []) out.push(`tag:${show(tag.key, 'tag-key')}=${show(tag.value, 'tag-value')}`);
  if (f.location !== undefined) out.push(`location:${show(f.location)}`);
  if (f.since !== undefined) out.push(`since:${f.since}`);
  return out;
}

function pagingWords(p: Paging): string[] {
  const out: string[] = [];
  if (p.page !== undefined) out.push(`page:${p.page}`);
  if (p.cursor !== undefined) out.push(`cursor:${show(p.cursor)}`);
  return out;
}

function words(cmd: Command): string[] {
  switch (cmd.verb) {
    case 'help':
      return cmd.topic === undefined ? ['help'] : ['help', cmd.topic];
    case 'summary':
      return ['summary', ...filterWords(cmd.filters)];
    case 'jobs':
      return [
        'jobs',
        cmd.status,
        ...(cmd.code === undefined ? [] : [`code:${cmd.code}`]),
        ...filterWords(cmd.filters),
        ...pagingWords(cmd),
      ];
    case 'unprotected': {
      const { workload: _ignored, ...filters } = cmd.filters;
      const positional = cmd.workload === undefined ? [] : [cmd.workload];
      return ['unprotected', ...positional, ...filterWords(filters), ...pagingWords(cmd)];
    }
    case 'vaults':
    case 'compliance':
      return [cmd.verb, ...filterWords(cmd.filters), ...pagingWords(cmd)];
    case 'vault':
      return ['vault', show(cmd.name, 'vault-name'), ...filterWords(cmd.filters)];
    case 'policies':
      return [
        'policies',
        ...(cmd.name === undefined ? [] : [show(cmd.name, 'policy-name')]),
        ...(cmd.unused ? ['unused'] : []),
        ...filterWords(cmd.filters),
        ...pagingWords(cmd),
      ];
    case 'items':
      return [
        'items',
        ...(cmd.state === undefined ? [] : [cmd.state]),
        ...filterWords(cmd.filters),
        ...pagingWords(cmd),
      ];
    case 'alerts':
      return ['alerts', cmd.kind, ...filterWords(cmd.filters), ...pagingWords(cmd)];
    case 'item':
      return ['item', show(cmd.ref, 'name'), ...filterWords(cmd.filters)];
    case 'retry': {
      const confirm = cmd.confirm === undefined ? [] : [`confirm:${cmd.confirm}`];
      return ['retry', ...cmd.items.map((i) => show(i, 'name')), ...filterWords(cmd.filters), ...confirm];
    }
    case 'audit':
      return ['audit', ...(cmd.since === undefined ? [] : [`since:${cmd.since}`]), ...pagingWords(cmd)];
    case 'digest': {
      if (cmd.action === 'show') return ['digest'];
      const schedule = [
        ...(cmd.time === undefined ? [] : [cmd.time]),
        ...(cmd.timeZone === undefined ? [] : [`tz:${cmd.timeZone}`]),
        ...(cmd.days === undefined ? [] : [cmd.days]),
        ...(cmd.quiet ? ['quiet'] : []),
      ];
      return ['digest', cmd.action, ...schedule, ...filterWords(cmd.filters)];
    }
    case 'notify':
      return cmd.action === 'show' ? ['notify'] : ['notify', cmd.action, ...filterWords(cmd.filters)];
    case 'snooze':
      return [
        'snooze',
        // An item named like a length ("week") is quoted, or it would read as the length.
        ...(cmd.item === undefined
          ? []
          : [SNOOZE_LENGTH_WORDS.has(cmd.item.toLowerCase()) ? quoteText(cmd.item) : show(cmd.item, 'name')]),
        ...(cmd.length === undefined ? [] : [cmd.length]),
        ...filterWords(cmd.filters),
      ];
    case 'unsnooze':
      return ['unsnooze', show(cmd.item, 'name'), ...filterWords(cmd.filters)];
  }
}

/** Canonical text, e.g. `jobs failed vault:rsv-prod tag:"cost center"=ops since:7d`. */
export function formatCommand(cmd: Command): string {
  // Markup is escaped last: parseCommand strips chat markup before it reads quotes.
  return escapeMarkup(words(cmd).join(' '));
}
