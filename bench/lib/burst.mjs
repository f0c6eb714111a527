// What bench/ab.mjs and bench/profile.mjs share: a server on 127.0.0.1 with a blank page,
// the SDK bundles under /sdk0, /sdk1..., and a collector at /v1/batch that counts the
// burst's "Product Viewed" events; and Debian's Chromium, launched as every test here does.
import { chromium } from '@playwright/test';
import http from 'node:http';

/** Serves `bundles` (code strings) and counts delivered burst events; `got()` reads the count. */
export const burstServer = async (bundles) => {
  let got = 0;
  const server = http
    .createServer((req, res) => {
      const { pathname } = new URL(req.url, 'http://x');
      if (pathname == '/v1/batch') {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => {
          try {
            got += JSON.parse(body).batch.filter((m) => m.event == 'Product Viewed').length;
          } catch {}
          res.writeHead(200, { 'access-control-allow-origin': '*' }).end('{}');
        });
      } else if (pathname.startsWith('/sdk')) res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundles[+pathname.slice(4)]);
      else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>burst</title><p>burst');
    })
    .listen(0, '127.0.0.1');
  await new Promise((r) => server.on('listening', r));
  return {
    origin: 'http://127.0.0.1:' + server.address().port,
    got: () => got,
    reset: () => (got = 0),
    close: () => server.close(),
  };
};

/** Debian's Chromium (CHROMIUM_PATH overrides it), headless; Playwright never downloads one. */
export const launch = () =>
  chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
