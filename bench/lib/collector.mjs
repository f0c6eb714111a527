// A collector on 127.0.0.1 that every SDK can post to. It also serves the bench page and the
// bundles, so pages and collector share an origin (no CORS set-up differs between SDKs).
// It does not parse any SDK's wire format: every tracked event carries a marker
// (B<run>x<i>x) in its properties, and the collector counts the markers it sees in each
// request body, after undoing gzip, form encoding and base64 where an SDK used them.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { extname, join, normalize } from 'node:path';

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript' };
const PAGE = '<!doctype html><html><head><meta charset="utf-8"><title>bench</title></head><body><p>bench</p></body></html>';

const decode = (buf) => {
  if (buf[0] == 0x1f && buf[1] == 0x8b)
    try {
      buf = gunzipSync(buf);
    } catch {}
  const text = buf.toString('utf8');
  const texts = [text];
  if (text.includes('%') || text.includes('='))
    try {
      texts.push(decodeURIComponent(text.replace(/\+/g, ' ')));
    } catch {}
  return texts;
};

/** Starts the collector. `dirs` maps URL prefixes (e.g. '/b/') to folders served as files. */
export const startCollector = async (dirs) => {
  const state = { down: false };
  // One entry per request that reached the handler: method, path, markers in it.
  let log = [];
  // Bundle files the pages fetched, to see which lazy chunks an SDK loads.
  let fetched = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const served = Object.keys(dirs).find((p) => url.pathname.startsWith(p));
    if (req.method == 'GET' && url.pathname == '/page.html') return res.writeHead(200, { 'Content-Type': TYPES['.html'] }).end(PAGE);
    if (req.method == 'GET' && served) {
      try {
        const file = join(dirs[served], normalize(url.pathname.slice(served.length)).replace(/^(\.\.[/\\])+/, ''));
        const data = await readFile(file);
        fetched.push({ path: url.pathname, at: Date.now() });
        return res.writeHead(200, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream' }).end(data);
      } catch {
        return res.writeHead(404).end();
      }
    }
    // An outage: refuse the connection. Pages and bundles above still load, so a reload works.
    if (state.down) return req.socket.destroy();
    const chunks = [];
    // a page closed mid-upload aborts its request: it never arrived, as at a real collector
    try {
      for await (const c of req) chunks.push(c);
    } catch {
      return;
    }
    log.push({ method: req.method, path: url.pathname, body: Buffer.concat(chunks), at: Date.now() });
    if (req.method == 'OPTIONS')
      return res
        .writeHead(204, {
          'Access-Control-Allow-Origin': req.headers.origin || '*',
          'Access-Control-Allow-Credentials': 'true',
          'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] || '*',
          'Access-Control-Allow-Methods': 'GET, POST',
        })
        .end();
    if (req.method == 'GET') return res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":1}');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const origin = 'http://127.0.0.1:' + server.address().port;

  /** Markers of run `run` in every request so far: { unique, duplicates, requests }. */
  const count = (run) => {
    const re = new RegExp('B' + run + 'x(\\d+)x', 'g');
    const seen = new Set();
    let total = 0;
    let requests = 0;
    for (const r of log) {
      if (!r.ids) r.ids = new Map();
      if (!r.ids.has(run)) r.ids.set(run, markers(r.body, re));
      const ids = r.ids.get(run);
      if (ids.size) requests++;
      total += ids.size;
      ids.forEach((i) => seen.add(i));
    }
    return { unique: seen.size, duplicates: total - seen.size, requests };
  };
  const markers = (body, re) => {
    const ids = new Set();
    const texts = decode(body);
    for (const t of texts) for (const m of t.matchAll(re)) ids.add(m[1]);
    // Only when nothing was found in the clear: look inside base64 runs (PostHog's `data=`).
    if (!ids.size)
      for (const t of texts)
        for (const b of t.match(/[A-Za-z0-9+/_-]{24,}={0,2}/g) || [])
          for (const m of Buffer.from(b, 'base64').toString('utf8').matchAll(re)) ids.add(m[1]);
    return ids;
  };

  return {
    origin,
    state,
    count,
    /** Requests other than pages and bundles, e.g. to see what an SDK fetched at run time. */
    requests: () => log,
    fetched: () => fetched,
    reset: () => {
      log = [];
      fetched = [];
      state.down = false;
    },
    close: () => new Promise((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
};
