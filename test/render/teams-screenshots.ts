// Renders Teams cards with the official Adaptive Cards renderer in headless Chromium and saves a PNG per card under
// test-output/cards/ for people to look at. Golden tests of every view call screenshotTeamsCards with their cards.
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { launchChromium } from '../support/chromium';

export const SCREENSHOT_DIR = path.resolve(__dirname, '../../test-output/cards');

export interface CardToShoot {
  /** "<view>-<case>", e.g. "help-default"; the file is <name>.teams.png. */
  name: string;
  card: object;
}

export interface CardShot {
  name: string;
  file: string;
  /** The rendered card's visible text (innerText), for assertions on what a person would read. */
  text: string;
  /** The values of the card's text inputs as the browser holds them (what a person selects and copies). */
  inputs: string[];
  /** The text of every link the renderer made (markdown links, and bare addresses markdown-it links as Teams does). */
  links: string[];
}

const ASSETS: Record<string, { file: string; type: string }> = {
  '/adaptivecards.min.js': {
    file: require.resolve('adaptivecards/dist/adaptivecards.min.js'),
    type: 'text/javascript',
  },
  '/adaptivecards.css': { file: require.resolve('adaptivecards/dist/adaptivecards.css'), type: 'text/css' },
  // markdown-it's "./browser" export is its UMD build (global `markdownit`).
  '/markdown-it.min.js': { file: require.resolve('markdown-it/browser'), type: 'text/javascript' },
};

// Teams renders card markdown; without onProcessMarkdown the library shows **bold** literally.
const PAGE = `<!doctype html>
<html><head><meta charset="utf-8">
<link rel="stylesheet" href="/adaptivecards.css">
<style>body{margin:0;background:#f5f5f5;font-family:"Segoe UI","DejaVu Sans",sans-serif}
#card{width:500px;margin:16px;background:#fff;border:1px solid #e0e0e0;border-radius:4px}</style>
<script src="/adaptivecards.min.js"></script><script src="/markdown-it.min.js"></script>
</head><body><div id="card"></div><script>
const md = window.markdownit({ html: false, linkify: true });
AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
  result.outputHtml = md.render(text);
  result.didProcess = true;
};
window.renderCard = (json) => {
  const ac = AdaptiveCards;
  const card = new ac.AdaptiveCard();
  const context = new ac.SerializationContext(ac.Versions.v1_5);
  card.parse(json, context);
  const problems = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i));
  problems.push(...card.validateProperties().validationEvents);
  const messages = problems.filter((e) => e.event !== ac.ValidationEvent.Hint).map((e) => e.message);
  const host = document.getElementById('card');
  host.replaceChildren();
  let element;
  try { element = card.render(); } catch (err) { messages.push('render threw: ' + err.message); }
  if (element) host.appendChild(element); else messages.push('render returned nothing');
  const inputs = [...host.querySelectorAll('textarea, input')].map((e) => e.value);
  const links = [...host.querySelectorAll('a')].map((a) => a.innerText);
  return { problems: messages, text: host.innerText, inputs, links };
};
</script></body></html>`;

function serveRendererPage(): Promise<http.Server> {
  // writeHead is not chained: restify, once loaded in the same worker, patches ServerResponse so it returns undefined.
  const server = http.createServer((req, res) => {
    const asset = ASSETS[req.url ?? ''];
    if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(PAGE);
    } else if (asset) {
      res.writeHead(200, { 'content-type': asset.type });
      res.end(readFileSync(asset.file));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/**
 * Renders each card with AdaptiveCard.parse + render (markdown through markdown-it), throws if the official renderer
 * reports a parse/validation problem or renders nothing, and writes test-output/cards/<name>.teams.png.
 */
export async function screenshotTeamsCards(cards: readonly CardToShoot[]): Promise<CardShot[]> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const server = await serveRendererPage();
  const chromium = await launchChromium();
  try {
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const page = await chromium.browser.newPage({ viewport: { width: 540, height: 400 } });
    // Nothing but our page: a card that references a remote image must not reach the network from a test.
    await page.route('**/*', (route) =>
      route.request().url().startsWith(`${origin}/`) ? route.continue() : route.abort(),
    );
    await page.goto(`${origin}/`);
    const shots: CardShot[] = [];
    for (const { name, card } of cards) {
      const result = await page.evaluate(
        (json) =>
          (
            globalThis as unknown as {
              renderCard(c: object): { problems: string[]; text: string; inputs: string[]; links: string[] };
            }
          ).renderCard(json),
        card,
      );
      if (result.problems.length > 0) {
        throw new Error(`Teams card "${name}" failed in the official renderer: ${result.problems.join('; ')}`);
      }
      const file = path.join(SCREENSHOT_DIR, `${name}.teams.png`);
      await page.locator('#card').screenshot({ path: file });
      shots.push({ name, file, text: result.text, inputs: result.inputs, links: result.links });
    }
    return shots;
  } finally {
    await chromium.close();
    await new Promise((resolve) => server.close(resolve));
  }
}
