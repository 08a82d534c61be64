// The playground page and its files: our HTML, script and styles from ./public, and the official Adaptive Cards
// renderer and markdown-it (Teams renders card markdown) served from node_modules. Read once, at mount.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface PlaygroundPage {
  /** Badge in the header: "Demo data" or "Live Azure data". */
  dataLabel: string;
  /** One sentence under the header: where the answers come from. */
  dataLine: string;
  /** Commands offered as chips above the composer. */
  examples: readonly string[];
}

export interface Asset {
  type: string;
  body: Buffer;
}

const PUBLIC_DIR = path.join(__dirname, 'public');

export function readPlaygroundAssets(): Map<string, Asset> {
  const files: Array<[string, string, string]> = [
    ['adaptivecards.min.js', require.resolve('adaptivecards/dist/adaptivecards.min.js'), 'text/javascript'],
    // markdown-it's "./browser" export is its UMD build (global `markdownit`).
    ['markdown-it.min.js', require.resolve('markdown-it/browser'), 'text/javascript'],
    ['playground.js', path.join(PUBLIC_DIR, 'playground.js'), 'text/javascript'],
    ['playground.css', path.join(PUBLIC_DIR, 'playground.css'), 'text/css'],
    ['shield.svg', path.join(PUBLIC_DIR, 'shield.svg'), 'image/svg+xml'],
  ];
  return new Map(
    files.map(([name, file, type]) => [name, { type: `${type}; charset=utf-8`, body: readFileSync(file) }]),
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** index.html with the page settings as a JSON data block (no inline script runs: the CSP allows none). */
export function renderPlaygroundPage(page: PlaygroundPage): string {
  const html = readFileSync(path.join(PUBLIC_DIR, 'index.html'), 'utf8');
  const settings = JSON.stringify(page).replace(/</g, '\\u003c');
  return html
    .replace('"__SETTINGS__"', settings)
    .replace('{{DATA_LABEL}}', escapeHtml(page.dataLabel))
    .replace('{{DATA_LINE}}', escapeHtml(page.dataLine));
}
