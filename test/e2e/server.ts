import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import { shopBackend } from './shopBackend.js';

const ROOT = join(import.meta.dirname, '..', '..');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json', '.css': 'text/css' };
// Only these folders are served: the built SDK, the examples and the test pages.
// Shopify's published cart client is served from the package as npm installed it.
const SERVED = ['dist/', 'examples/', 'test/e2e/pages/', 'node_modules/@shopify/theme-cart/dist/'];

// WordPress's apiFetch (what the WooCommerce blocks call the Store API with), bundled once for
// the page from the npm package: window.wp.apiFetch, as WordPress pages have it.
let apiFetch: Promise<string> | undefined;
const wpApiFetch = () =>
  (apiFetch ||= import('esbuild').then(async ({ build }) => {
    const r = await build({
      stdin: { contents: "import apiFetch from '@wordpress/api-fetch'; window.wp = { apiFetch };", resolveDir: ROOT },
      bundle: true,
      format: 'iife',
      write: false,
      define: { 'process.env.NODE_ENV': '"production"', 'globalThis.IS_GUTENBERG_PLUGIN': 'false' },
      logLevel: 'silent',
    });
    return r.outputFiles[0]!.text;
  }));

export interface Received {
  ids: string[];
  body: { batch: { messageId: string; event?: string; type: string; [k: string]: unknown }[]; [k: string]: unknown };
  headers: IncomingMessage['headers'];
  at: number;
  /** Stored, but the sender never saw the answer: the connection was reset, or the sender's
   * timeout ran out first. */
  lost?: boolean;
}

/**
 * An answer the collector gives instead of 200: a status, `hang` (never answers: the request
 * stays open until the collector closes), `reset` (the connection is reset, nothing stored) or
 * `lost` (the batch is stored, then the connection is reset: the answer is lost on the way) or
 * `slow` (stored, answered 4 s later: after a sender's 3 s timeout).
 */
export type Answer = number | 'hang' | 'reset' | 'lost' | 'slow' | { status: number; retryAfter?: string };

/**
 * A collector for end-to-end tests on 127.0.0.1: serves the pages, records every batch it
 * accepts, and answers with the statuses queued in `plan` first, or refuses connections
 * while `down` is set (an outage that setOffline cannot simulate during unload).
 *
 * `simpleCors`: the collector allows cross-origin posts only as the CORS spec needs for a
 * "simple request" (an Access-Control-Allow-Origin on the answer, nothing else): a preflight
 * (OPTIONS) gets no CORS headers, so the browser refuses any request that needs one.
 * Every OPTIONS request is counted in `preflights` either way.
 */
export const startCollector = async ({ simpleCors = false } = {}) => {
  const received: Received[] = [];
  const preflights: string[] = [];
  const answered: { status: number; at: number }[] = [];
  const plan: Answer[] = [];
  const state = { down: false, headers: {} as Record<string, string> };

  const cors = (res: ServerResponse) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', 'content-type, idempotency-key, authorization, x-test');
    res.setHeader('Access-Control-Expose-Headers', 'retry-after');
    res.setHeader('Access-Control-Max-Age', '600');
  };

  // The example shops' cart endpoints (Shopify AJAX cart, WooCommerce wc-ajax).
  const shop = shopBackend();
  const server = createServer(async (req, res) => {
    if (state.down && req.url?.startsWith('/v1/')) return req.socket.destroy();
    const url = new URL(req.url!, 'http://x');
    for (const [k, v] of Object.entries(state.headers)) res.setHeader(k, v);
    if (req.method == 'OPTIONS') {
      preflights.push(req.url! + ' ' + (req.headers['access-control-request-headers'] ?? ''));
      if (simpleCors) return res.writeHead(405).end();
      cors(res);
      return res.writeHead(204).end();
    }
    if (req.method == 'POST' && url.pathname == '/v1/batch') {
      if (simpleCors) res.setHeader('Access-Control-Allow-Origin', '*');
      else cors(res);
      let body = '';
      for await (const chunk of req) body += chunk;
      const next = plan.shift();
      if (next == 'hang') return answered.push({ status: 0, at: Date.now() });
      if (next == 'reset') return (answered.push({ status: 0, at: Date.now() }), req.socket.destroy());
      if (next !== undefined && next != 'lost' && next != 'slow') {
        const a = typeof next == 'number' ? { status: next } : next;
        answered.push({ status: a.status, at: Date.now() });
        if (a.retryAfter) res.setHeader('Retry-After', a.retryAfter);
        return res.writeHead(a.status).end();
      }
      try {
        const parsed = JSON.parse(body);
        const lost = next == 'lost';
        const entry: Received = { ids: parsed.batch.map((m: { messageId: string }) => m.messageId), body: parsed, headers: req.headers, at: Date.now(), lost };
        received.push(entry);
        answered.push({ status: lost ? 0 : 200, at: Date.now() });
        if (lost) return req.socket.destroy();
        // the sender gave up first (its timeout ran out on a busy machine): stored, answer lost
        if (req.socket.destroyed) entry.lost = true;
        res.on('close', () => !res.writableFinished && (entry.lost = true));
        const answer = () => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
        if (next == 'slow') return void setTimeout(() => !res.destroyed && answer(), 4000);
        return answer();
      } catch {
        return res.writeHead(400).end('bad json');
      }
    }
    if (await shop(req, res, url)) return res;
    if (url.pathname == '/vendor/wp-api-fetch.js') return res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(await wpApiFetch());
    const path = normalize(url.pathname).replace(/^\/+/, '');
    if (req.method == 'GET' && SERVED.some((p) => path.startsWith(p))) {
      try {
        const data = await readFile(join(ROOT, path));
        // Pages named *csp* run under a strict policy: no inline scripts or styles at all.
        if (path.includes('csp')) res.setHeader('Content-Security-Policy', "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'");
        // Pages named csp* get the policy of a shop's security team, Trusted Types included.
        if (path.startsWith('test/e2e/pages/csp'))
          res.setHeader('Content-Security-Policy', "default-src 'self'; script-src 'self'; connect-src http://" + req.headers.host + "; require-trusted-types-for 'script'");
        return res.writeHead(200, { 'Content-Type': TYPES[extname(path)] || 'application/octet-stream' }).end(data);
      } catch {
        // fall through to 404
      }
    }
    return res.writeHead(404).end('not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = 'http://127.0.0.1:' + (server.address() as AddressInfo).port;

  const all = () => received.flatMap((r) => r.ids);
  return {
    origin,
    endpoint: origin + '/v1/batch',
    received,
    answered,
    preflights,
    plan,
    state,
    /** Every messageId received, duplicates included. */
    all,
    /** Distinct messageIds received. */
    unique: () => new Set(all()),
    /** How many messageIds arrived more than once. */
    duplicates: () => all().length - new Set(all()).size,
    events: () => received.flatMap((r) => r.body.batch),
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
};

export type Collector = Awaited<ReturnType<typeof startCollector>>;
