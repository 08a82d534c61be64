// A web page that embeds Bot Framework Web Chat as a bot's owner would: the prebuilt bundle from the npm package
// (node_modules, never a CDN), talking Direct Line 3.0 over HTTP polling to the domain and token in the page's hash.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const BUNDLE = path.resolve(__dirname, '../../node_modules/botframework-webchat/dist/webchat.js');

/** Web Chat's documented set-up: createDirectLine({ domain, token, webSocket: false }) and renderWebChat. */
const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Backup Center bot in Web Chat</title>
  <style>html, body { height: 100%; margin: 0; font-family: sans-serif; } #webchat { height: 100%; }</style>
</head>
<body>
  <div id="webchat" role="main"></div>
  <script src="/webchat.js"></script>
  <script>
    const settings = new URLSearchParams(location.hash.slice(1));
    const directLine = window.WebChat.createDirectLine({
      domain: settings.get('domain'),
      token: settings.get('token'),
      webSocket: false,
      pollingInterval: 500,
    });
    window.WebChat.renderWebChat(
      { directLine, userID: 'ada', username: 'Ada', locale: 'en-US' },
      document.getElementById('webchat'),
    );
  </script>
</body>
</html>`;

export interface HostPage {
  origin: string;
  /** The page, set up for a Direct Line domain and a token. */
  url(domain: string, token: string): string;
  close(): Promise<void>;
}

export async function startHostPage(): Promise<HostPage> {
  const bundle = readFileSync(BUNDLE);
  const server = http.createServer((req, res) => {
    if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(PAGE);
    } else if (req.url === '/webchat.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      res.end(bundle);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (domain, token) => `${origin}/#${new URLSearchParams({ domain, token }).toString()}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
