// The answer deadline in core, on a driven clock: a hung Azure gives "Azure did not answer in time" with a Try again
// that runs the same command, the work is aborted (what it held is freed), data calls get the earlier give-up time,
// and a confirmed retry (a write) is never cut off by it.

import type { ArgQuery, ArgQueryRunner, ArgResult } from '../../src/azure/arg-types';
import { createBackupData } from '../../src/azure/backup-data';
import { encodeAction, serializeAction } from '../../src/core/commands/payload';
import { createConversationCore } from '../../src/core/conversation';
import type { Reply } from '../../src/core/conversation-port';
import { DeadlineExceededError, type DeadlineTimers, marginOf } from '../../src/core/deadline';
import type { ErrorViewModel } from '../../src/core/view-models/detail';
import type { JobsViewModel } from '../../src/core/view-models/jobs';
import { generateEstate } from '../../src/sim/estate';
import { EngineRunner } from '../azure/support/engine-runner';
import { CountingStash, NOW, SLACK_CALLER } from './support/core-estates';

/** Timers that move only when the test says so. */
class DrivenTimers implements DeadlineTimers {
  private at = 0;
  private readonly due: Array<{ at: number; fire: () => void }> = [];
  now(): number {
    return this.at;
  }
  schedule(ms: number, fire: () => void): () => void {
    const entry = { at: this.at + ms, fire };
    this.due.push(entry);
    return () => {
      const i = this.due.indexOf(entry);
      if (i >= 0) this.due.splice(i, 1);
    };
  }
  async advance(ms: number): Promise<void> {
    this.at += ms;
    for (const entry of [...this.due].sort((a, b) => a.at - b.at)) {
      if (entry.at > this.at) continue;
      this.due.splice(this.due.indexOf(entry), 1);
      entry.fire();
    }
    await settle();
  }
  get pending(): number {
    return this.due.length;
  }
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
};

type Mode = 'answer' | 'hang' | 'partial-at-deadline' | 'throttled-past-deadline';

/** Resource Graph as a port: answers from the estate, hangs (until aborted), or answers partial when the deadline comes. */
class SwitchRunner implements ArgQueryRunner {
  mode: Mode = 'answer';
  aborted = 0;
  sawDeadline = 0;
  private readonly engine = new EngineRunner(generateEstate({ seed: 7, scale: 'small', now: NOW }).tables, NOW);

  async query(q: ArgQuery): Promise<ArgResult> {
    if (q.deadline) this.sawDeadline += 1;
    if (this.mode === 'answer') return this.engine.query(q);
    // What the Resource Graph client throws when Azure asks it to wait longer than the asker will (Retry-After: 120).
    if (this.mode === 'throttled-past-deadline') throw new DeadlineExceededError('throttled', 120_000);
    return new Promise((resolve, reject) => {
      q.signal?.addEventListener('abort', () => {
        this.aborted += 1;
        reject(q.signal?.reason);
      });
      if (this.mode === 'partial-at-deadline') {
        const partial = () => {
          const detail = 'Resource Graph had not answered when the answer was due';
          resolve({
            rows: [],
            partial: [{ kind: 'timeout', detail }],
            stats: { requests: 1, rows: 0, argMs: 0 },
            fromCache: false,
          });
        };
        if (q.deadline?.signal.aborted) partial();
        else q.deadline?.signal.addEventListener('abort', partial);
      }
    });
  }
}

function setUp(deadlineMs = 3_000) {
  const timers = new DrivenTimers();
  const runner = new SwitchRunner();
  const warnings: string[] = [];
  const errors: string[] = [];
  const retried: string[] = [];
  let releaseRetry: () => void = () => {};
  const stash = new CountingStash();
  const core = createConversationCore({
    data: createBackupData(runner),
    policy: { rules: [] },
    clock: () => NOW,
    log: { error: (_d, message) => errors.push(message), warn: (_d, message) => warnings.push(message) },
    stash,
    answerDeadlineMs: deadlineMs,
    timers,
    // A retry workflow stand-in: a confirmed Start that takes long (its own ARM time limits bound it).
    handlers: {
      retry: async (command) => {
        retried.push(command.confirm ?? '-');
        await new Promise<void>((resolve) => {
          releaseRetry = resolve;
        });
        return { view: 'retry', model: {}, summaryText: 'Backup started' };
      },
    },
    authorizedByHandler: ['retry'],
  });
  return { core, timers, runner, warnings, errors, retried, stash, release: () => releaseRetry() };
}

async function within(timers: DrivenTimers, reply: Promise<Reply>, ms: number): Promise<Reply | undefined> {
  let got: Reply | undefined;
  void reply.then((r) => {
    got = r;
  });
  await settle();
  await timers.advance(ms);
  return got;
}

test('Azure hangs: at the deadline the asker gets "did not answer in time", and the work is aborted', async () => {
  const { core, timers, runner, warnings, errors } = setUp(3_000);
  runner.mode = 'hang';
  const asked = core.handleText('jobs failed since:7d', SLACK_CALLER);
  expect(await within(timers, asked, 2_999)).toBeUndefined();
  const reply = await within(timers, asked, 1);
  expect(reply?.view).toBe('error');
  expect(reply?.ephemeral).toBe(false);
  const model = reply?.model as ErrorViewModel;
  expect(model.title).toBe('Azure did not answer in time');
  expect(model.message).toBe('Azure did not answer within 3 s, so the bot stopped waiting.');
  expect(model.buttons.map((b) => b.label)).toEqual(['Try again']);
  expect(runner.aborted).toBeGreaterThan(0);
  expect(warnings).toContain('no answer within the answer deadline; told the asker');
  await settle();
  expect(errors).toEqual([]);
  expect(timers.pending).toBe(0);

  // Azure is back: Try again runs the same command and answers it.
  runner.mode = 'answer';
  const again = await core.handleAction(model.buttons[0]?.payload, SLACK_CALLER);
  expect(again.view).toBe('jobs');
  expect((again.model as JobsViewModel).subtitle).toContain('last 7 days');
});

test('data calls get the give-up time before the deadline, and a partial answer is shown as partial', async () => {
  const { core, timers, runner } = setUp(3_000);
  runner.mode = 'partial-at-deadline';
  const asked = core.handleText('jobs failed', SLACK_CALLER);
  const reply = await within(timers, asked, 3_000 - marginOf(3_000));
  expect(runner.sawDeadline).toBeGreaterThan(0);
  expect(reply?.view).toBe('jobs');
  expect((reply?.model as JobsViewModel | undefined)?.partial.join(' ')).toMatch(/Partial answer: .*had not answered/);
});

test('Azure asks to wait 120 s: the timed-out card comes at once, saying so, with Try again', async () => {
  const { core, runner, errors } = setUp(3_000);
  runner.mode = 'throttled-past-deadline';
  const reply = await core.handleText('vaults', SLACK_CALLER);
  const model = reply.model as ErrorViewModel;
  expect(model.title).toBe('Azure did not answer in time');
  expect(model.hint).toEqual([
    'Azure is throttling the bot and asked it to wait about 120 s; Try again runs the same command.',
  ]);
  expect(model.buttons.map((b) => b.label)).toEqual(['Try again']);
  expect(errors).toEqual([]);
});

test('an answer in time is not touched, and leaves no timer behind', async () => {
  const { core, timers } = setUp(3_000);
  const reply = await core.handleText('jobs failed', SLACK_CALLER);
  expect(reply.view).toBe('jobs');
  expect(timers.pending).toBe(0);
});

test('a confirmed retry (a write) is left to finish past the deadline, never called "did not answer"', async () => {
  const { core, timers, retried, release, stash } = setUp(3_000);
  const payload = serializeAction(
    await encodeAction({ verb: 'retry', items: ['vm-web-01'], filters: {}, confirm: 'tok' }, { stash }),
  );
  const asked = core.handleAction(payload, SLACK_CALLER);
  expect(await within(timers, asked, 10_000)).toBeUndefined();
  expect(retried).toEqual(['tok']);
  release();
  expect((await asked).summaryText).toBe('Backup started');
});

test('the margin for building the card: a fifth of the deadline, between 0.5 s and 2 s', () => {
  expect([marginOf(2_000), marginOf(3_000), marginOf(15_000), marginOf(60_000)]).toEqual([500, 600, 2_000, 2_000]);
});
