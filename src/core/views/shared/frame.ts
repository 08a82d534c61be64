// The frame every data view shares: title, filters line, partial banner, "Show query" and the "as of" footer.

import type { PayloadStash } from '../../commands/payload';
import type { CommandFilters } from '../../commands/types';
import type { PartialNote } from '../../domain/result';
import type { PortalOptions } from '../../portal-links';
import type { ViewFrame } from '../../view-models/common';
import { describePartial } from './partial';
import { showQuery } from './query';
import type { TimeFormat } from './time';
import { describeWindow } from './time';
import { clipText } from './words';

/** Filters are typed by users and may be long (tags, names): the line under the title stays one or two lines. */
const MAX_SUBTITLE = 300;

export interface FrameInput {
  title: string;
  /** Words before the filters, e.g. "Failed jobs"; the filters and window follow. */
  what?: string;
  filters?: CommandFilters;
  /** Show the job window (default 24 h) even when no since: was typed. */
  showWindow?: boolean;
  /** "Show query" posts the query as its own message on every platform (no inline Teams ShowCard): see jobs.ts. */
  queryInNewMessage?: boolean;
  /** The data answer's notes and KQL (DataResult.partial / .kql). */
  partial: readonly PartialNote[];
  kql: readonly string[];
  stash: PayloadStash;
  portal?: PortalOptions;
  time: TimeFormat;
  now: Date;
}

/** "vault:rsv-prod · type:vm · tag:env=prod · location:westeurope" (what the user typed, canonical). */
export function describeFilters(f: CommandFilters = {}): string[] {
  const out: string[] = [];
  if (f.subscription !== undefined) out.push(`sub:${f.subscription}`);
  if (f.resourceGroup !== undefined) out.push(`rg:${f.resourceGroup}`);
  if (f.vault !== undefined) out.push(`vault:${f.vault}`);
  if (f.workload !== undefined) out.push(`type:${f.workload}`);
  for (const t of f.tags ?? []) out.push(`tag:${t.key}=${t.value}`);
  if (f.location !== undefined) out.push(`location:${f.location}`);
  return out;
}

export async function buildFrame(input: FrameInput): Promise<ViewFrame> {
  const parts: string[] = [];
  if (input.what !== undefined) parts.push(input.what);
  if (input.showWindow) parts.push(describeWindow(input.filters?.since ?? '24h'));
  parts.push(...describeFilters(input.filters));
  const banner = describePartial(input.partial);
  const query = await showQuery(input.kql, input.stash, input.portal, { newMessage: input.queryInNewMessage === true });
  return {
    title: input.title,
    subtitle: parts.length > 0 ? clipText(parts.join(' · '), MAX_SUBTITLE) : 'all subscriptions the bot can read',
    partial: banner === undefined ? [] : [banner],
    query: query === undefined ? [] : [query],
    generatedAt: input.time.asOf(input.now),
  };
}

/** What a view says in its frame; the rest comes from the data answer and the view's context. */
export type FrameHead = Pick<FrameInput, 'title' | 'what' | 'filters' | 'showWindow' | 'portal' | 'queryInNewMessage'>;

/** The frame of a view over a data answer: the answer's notes and KQL, the view's stash and clock. */
export function buildResultFrame(
  head: FrameHead,
  result: { partial: readonly PartialNote[]; kql: readonly string[] },
  ctx: { stash: PayloadStash; time: TimeFormat; now: Date },
): Promise<ViewFrame> {
  return buildFrame({
    ...head,
    partial: result.partial,
    kql: result.kql,
    stash: ctx.stash,
    time: ctx.time,
    now: ctx.now,
  });
}
