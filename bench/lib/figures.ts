// The figures a bench section reports and how a figure is judged against its target; shared by sections and run.ts.

export type Better = 'lower' | 'higher';

export interface Figure {
  /** Short and stable (it is the key in latest.json), e.g. `generate time`. */
  name: string;
  value: number;
  /** Display unit of `value` and `target`: 'ms', 's', 'MB', 'rows', 'requests'… */
  unit: string;
  /** Absent: the figure is informational (no PASS/MISS). */
  target?: number;
  better: Better;
}

export interface JudgedFigure extends Figure {
  verdict: 'PASS' | 'MISS' | 'INFO';
}

/** What a section sends to run.ts over the IPC channel. */
export type SectionMessage = { kind: 'figure'; figure: Figure } | { kind: 'note'; text: string };

export function judge(figure: Figure): JudgedFigure {
  if (figure.target === undefined || !Number.isFinite(figure.value)) {
    return { ...figure, verdict: figure.target === undefined ? 'INFO' : 'MISS' };
  }
  const pass = figure.better === 'lower' ? figure.value < figure.target : figure.value > figure.target;
  return { ...figure, verdict: pass ? 'PASS' : 'MISS' };
}

/** Rounds for display: large numbers get thousands separators, small ones keep a decimal or two. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}
