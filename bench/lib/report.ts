// What a bench section calls to hand a figure or a note to run.ts (over IPC), echoed on stdout so that a section run
// on its own (`npx tsx bench/sections/<name>.ts`) still shows its figures.
import { type Figure, formatNumber, judge, type SectionMessage } from './figures';

function send(message: SectionMessage): void {
  if (process.send) process.send(message);
}

export function report(figure: Figure): void {
  const judged = judge(figure);
  const target =
    figure.target === undefined
      ? ''
      : ` (target ${figure.better === 'lower' ? '<' : '>'} ${formatNumber(figure.target)})`;
  console.log(`  ${figure.name}: ${formatNumber(figure.value)} ${figure.unit}${target} ${judged.verdict}`);
  send({ kind: 'figure', figure });
}

/** A sentence printed under the section's table: what was measured, caps applied, caveats. */
export function note(text: string): void {
  console.log(`  note: ${text}`);
  send({ kind: 'note', text });
}

/** Progress for the person watching; not part of the results. */
export function progress(text: string): void {
  console.log(`  … ${text}`);
}

export const MB = 1024 * 1024;

/** Wall time of `work` in ms (high resolution). */
export async function timeIt<T>(work: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  const started = process.hrtime.bigint();
  const value = await work();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, value };
}

/** Runs a section's main, turning a thrown error into a failed exit that run.ts reports. */
export function runSection(main: () => Promise<void>): void {
  main().then(
    () => {
      // Open handles (timers, sockets of a stopped server) must not keep a finished section alive.
      process.exit(0);
    },
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
