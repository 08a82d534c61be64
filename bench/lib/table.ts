// Prints the results of a bench run as one plain-text table per section: figure, value, target, PASS/MISS/INFO.
import { formatNumber, type JudgedFigure } from './figures';

export interface SectionResult {
  name: string;
  description: string;
  /** ok: exited 0; failed: non-zero exit or signal; timeout: killed after its time limit. */
  status: 'ok' | 'failed' | 'timeout';
  exitCode: number | null;
  signal: string | null;
  wallMs: number;
  figures: JudgedFigure[];
  notes: string[];
}

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

function valueText(f: JudgedFigure): string {
  return `${formatNumber(f.value)} ${f.unit}`;
}

function targetText(f: JudgedFigure): string {
  if (f.target === undefined) return '';
  return `${f.better === 'lower' ? '<' : '>'} ${formatNumber(f.target)} ${f.unit}`;
}

export function formatSection(result: SectionResult): string {
  const lines: string[] = [];
  const head = `== ${result.name}: ${result.status}${result.status === 'ok' ? '' : ` (exit ${result.exitCode ?? result.signal})`}, ${formatNumber(result.wallMs / 1000)} s wall ==`;
  lines.push(head);
  const rows = result.figures.map((f) => [f.name, valueText(f), targetText(f), f.verdict]);
  const header = ['figure', 'value', 'target', 'result'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => pad(c, widths[i] ?? 0, i === 1 || i === 2))
      .join('  ')
      .trimEnd();
  if (rows.length > 0) {
    lines.push(line(header));
    lines.push(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const r of rows) lines.push(line(r));
  } else {
    lines.push('(no figures reported)');
  }
  for (const n of result.notes) lines.push(`note: ${n}`);
  return lines.join('\n');
}

export function formatSummary(results: SectionResult[]): string {
  const figures = results.flatMap((r) => r.figures);
  const count = (v: JudgedFigure['verdict']): number => figures.filter((f) => f.verdict === v).length;
  const broken = results.filter((r) => r.status !== 'ok').map((r) => `${r.name} (${r.status})`);
  const misses = results.flatMap((r) =>
    r.figures.filter((f) => f.verdict === 'MISS').map((f) => `${r.name}: ${f.name}`),
  );
  const lines = [
    `bench: ${results.length} section(s), ${count('PASS')} PASS, ${count('MISS')} MISS, ${count('INFO')} informational`,
  ];
  if (misses.length > 0) lines.push(`missed: ${misses.join('; ')}`);
  if (broken.length > 0) lines.push(`sections that did not finish: ${broken.join(', ')}`);
  return lines.join('\n');
}
