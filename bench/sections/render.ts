// Section render: a view with 500 failures, from data answer to checked card, on both platforms. Per view: building
// the view model (grouping and paging all 500) and expanding + checking the template (renderView), p95 of 30 runs.
// Also the stress case: all 500 failures expanded into one card and checked (it fails the limits, as fitItems's
// first attempt would), to show what the template engine costs when a view does not page.
import { createConversationCore } from '../../src/core/conversation';
import type { Reply } from '../../src/core/conversation-port';
import { createMemoryStash } from '../../src/core/memory-stash';
import type { BackupDataPort } from '../../src/core/ports';
import type { JobsViewModel } from '../../src/core/view-models/jobs';
import { RenderLimitError } from '../../src/render/errors';
import { defaultRenderer, type ViewName } from '../../src/render/render-view';
import { HUGE_NOW, hugeItemDetail, hugeJobSummary, hugeJobs, hugeSummary } from '../../test/core/support/huge-estate';
import { note, progress, report, runSection } from '../lib/report';

const FAILURES = 500;
const RUNS = 30;
const TARGET_MS = 50;
const CALLER = { platform: 'teams' as const, userId: 'bench', timeZone: 'Europe/Berlin' };

function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] as number;
}

function time(work: () => unknown): number {
  const started = process.hrtime.bigint();
  work();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function timeAsync(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** A data port answering with 500 failed jobs (and an item with 500 jobs), as the azure layer would. */
function data(): BackupDataPort {
  const failed = hugeJobs(FAILURES);
  const answer = <T>(value: T) => ({
    value,
    partial: [],
    kql: ['RecoveryServicesResources | take 1'],
    stats: { requests: 1, rows: 1, argMs: 0 },
  });
  const detail = hugeItemDetail();
  return {
    summary: async () => answer(hugeSummary()),
    jobSummary: async () => answer(hugeJobSummary(FAILURES, 0)),
    jobs: async () => answer({ jobs: failed, hasMore: false }),
    item: async () => answer({ kind: 'found' as const, detail: { ...detail, jobs: failed } }),
    instances: () => Promise.reject(new Error('not in this bench')),
    unprotected: () => Promise.reject(new Error('not in this bench')),
    vaults: () => Promise.reject(new Error('not in this bench')),
    vault: () => Promise.reject(new Error('not in this bench')),
  };
}

runSection(async () => {
  const renderer = defaultRenderer();
  renderer.preload();
  const core = createConversationCore({
    data: data(),
    policy: { rules: [] },
    clock: () => HUGE_NOW,
    log: { error() {} },
    stash: createMemoryStash({ clock: () => HUGE_NOW }),
  });
  const views: [string, string][] = [
    ['jobs failed', 'jobs failed'],
    // The last page of 500 (Teams: 10 on page 1, then 17 a page): the deepest paging work.
    ['jobs failed page 29', 'jobs failed page:29'],
    ['jobs all', 'jobs all'],
    ['summary', 'summary'],
    ['item (500 jobs)', 'item anything'],
  ];
  for (const [label, text] of views) {
    progress(label);
    let reply: Reply | undefined;
    const build: number[] = [];
    for (let i = 0; i < RUNS + 3; i++) {
      const ms = await timeAsync(async () => {
        reply = await core.handleText(text, CALLER);
      });
      if (i >= 3) build.push(ms);
    }
    const r = reply as Reply;
    if (r.view === 'error') throw new Error(`${label}: ${JSON.stringify(r.model)}`);
    report({ name: `${label}: view model p95`, value: p95(build), unit: 'ms', target: TARGET_MS, better: 'lower' });
    for (const platform of ['teams', 'slack'] as const) {
      const samples: number[] = [];
      for (let i = 0; i < RUNS + 3; i++) {
        const ms = time(() => renderer.renderView(r.view as ViewName, r.model, platform));
        if (i >= 3) samples.push(ms);
      }
      report({
        name: `${label}: render ${platform} p95`,
        value: p95(samples),
        unit: 'ms',
        target: TARGET_MS,
        better: 'lower',
      });
    }
  }

  progress('stress: all 500 failures in one card');
  const reply = await core.handleText('jobs all', CALLER);
  const whole = reply.model as JobsViewModel;
  const every = await core.handleText('jobs failed', CALLER);
  const base = every.model as JobsViewModel;
  // Every job as its own row (what a view that did not page would ask the template engine to expand).
  const rows = {
    ...base,
    entries: [
      ...whole.entries,
      ...Array.from({ length: FAILURES - whole.entries.length }, (_, i) => whole.entries[i % whole.entries.length]),
    ],
  };
  for (const platform of ['teams', 'slack'] as const) {
    const samples: number[] = [];
    for (let i = 0; i < 8; i++) {
      samples.push(
        time(() => {
          try {
            renderer.renderView('jobs', rows, platform);
          } catch (err) {
            if (!(err instanceof RenderLimitError)) throw err;
          }
        }),
      );
    }
    // Informational: no view renders 500 rows (they page), so this has no target.
    report({
      name: `500 rows expanded and checked: ${platform} p95`,
      value: p95(samples.slice(2)),
      unit: 'ms',
      better: 'lower',
    });
  }
  note(
    `${FAILURES} failed jobs with the longest names and Azure texts (test/core/support/huge-estate.ts); p95 of ${RUNS} runs after 3 warm-ups. ` +
      '"view model" is handleText end to end over an in-memory data port (grouping, paging, buttons, stash); ' +
      '"render" is renderView (template expansion + every platform check) of the page the user sees. The 500-row stress ' +
      'card breaks the platform limits by design: its time includes the check that rejects it.',
  );
});
