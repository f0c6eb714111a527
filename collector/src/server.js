/**
 * Waymark's local collector and journey dashboard: a plain node:http server (Node 20, no
 * build step) that stores the batches the SDK sends in SQLite and shows what they say.
 *
 * Use it from code:
 *
 *   import { startCollector } from '@waymark/collector/src/server.js';
 *   const collector = await startCollector({ port: 8080, db: 'collector/data/waymark.db' });
 *   collector.url;            // 'http://127.0.0.1:8080' (the real port when port is 0)
 *   collector.endpoint;       // 'http://127.0.0.1:8080/v1/batch': give it to createTracker
 *   collector.store;          // the store (store/openStore.js): insert, summary, close
 *   collector.db;             // the better-sqlite3 Database, to query the events table
 *   await collector.summary(); // the dashboard's numbers (same JSON as GET /api/summary)
 *   await collector.close();  // stops the server and closes the database
 *
 * or from a shell: `node collector/src/cli.js --port 8080 --db path/to.db [--quiet]`.
 *
 * Routes:
 *   POST /v1/batch     Segment batch shape, application/json or text/plain (beacons, with
 *                      writeKey and idempotencyKey in the body). 200 with
 *                      { ok, received, stored, duplicates, replay }; 400 with
 *                      { error, reason, field, index } when malformed; 413 past `maxBody`;
 *                      415 for other content types. Duplicate messageIds are dropped;
 *                      a batch whose Idempotency-Key (header, or body idempotencyKey) was
 *                      seen before is answered 200 and not stored again (if it brings
 *                      messages not stored yet, the key was reused: they are kept).
 *   OPTIONS *          CORS preflight (content-type, idempotency-key, authorization).
 *   GET /              the journey dashboard (public/), under a strict CSP.
 *   GET /api/summary   funnel, checkout steps, abandoned carts, channel mix, latest events.
 *   GET /health        { ok: true }
 *
 * Tables (SQLite, WAL mode): `events` (one row per messageId, with stage, furthest_stage,
 * channel, session_id, page_path, properties and context as JSON) and `batches` (one row per
 * accepted batch, with its idempotency key and the `dropped` count the SDK reported).
 */
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { openStore } from './store/openStore.js';
import { validateBatch } from './validateBatch.js';
import { readBody } from './readBody.js';
import { serveStatic } from './serveStatic.js';
import { DEFAULT_STAGES } from './stages.js';
import { describeBatch } from './describeBatch.js';

/** Where the database lives by default: collector/data/waymark.db, wherever node runs from. */
export const DEFAULT_DB = fileURLToPath(new URL('../data/waymark.db', import.meta.url));

/** @param {import('node:http').ServerResponse} res @param {number} status @param {unknown} body */
const json = (res, status, body) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));

// Beacons cannot set headers, so their write key travels in the body; fetch sends it as
// HTTP Basic auth, Segment-style ("writeKey:" in base64).
/** @param {string | undefined} header @param {{ writeKey?: unknown }} body */
const writeKeyOf = (header, body) => {
  if (typeof body.writeKey == 'string') return body.writeKey;
  const m = /^Basic\s+(.+)$/i.exec(header || '');
  return m ? Buffer.from(m[1], 'base64').toString('utf8').replace(/:$/, '') : null;
};

/**
 * Starts the collector.
 * @param {object} [options]
 * @param {number} [options.port] TCP port, default 8080; 0 picks a free one.
 * @param {string} [options.host] interface to bind, default 127.0.0.1.
 * @param {string} [options.db] SQLite file (created with its folder), or ':memory:'. Default {@link DEFAULT_DB}.
 * @param {string} [options.allowOrigin] CORS Access-Control-Allow-Origin, default '*'.
 * @param {boolean} [options.quiet] no log line per batch.
 * @param {string[]} [options.stages] ordered journey stages, when a CRO team replaced them.
 * @param {number} [options.maxBody] most bytes in one request body, default 1 MB.
 * @param {(line: string) => void} [options.log] where log lines go, default console.log.
 * @returns {Promise<{ url: string, endpoint: string, store: import('./store/openStore.js').Store, db: import('better-sqlite3').Database, summary: () => Promise<any>, close: () => Promise<void> }>}
 */
export const startCollector = async ({
  port = 8080,
  host = '127.0.0.1',
  db = DEFAULT_DB,
  allowOrigin = '*',
  quiet = false,
  stages = DEFAULT_STAGES,
  maxBody = 1_000_000,
  log = console.log,
} = {}) => {
  const store = await openStore({ engine: 'sqlite', file: db });
  const summary = () => store.summary({ stages });
  /** @param {string} line */
  const say = (line) => quiet || log('[waymark collector] ' + line);

  /** @param {import('node:http').ServerResponse} res */
  const cors = (res) => {
    res.setHeader('Access-Control-Allow-Origin', allowOrigin);
    if (allowOrigin != '*') res.setHeader('Vary', 'Origin');
    res.setHeader('Access-Control-Allow-Methods', 'POST, GET, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', 'content-type, idempotency-key, authorization');
    res.setHeader('Access-Control-Expose-Headers', 'retry-after');
    // Chromium caps this at two hours; one preflight per two hours is plenty.
    res.setHeader('Access-Control-Max-Age', '7200');
  };

  /** @param {import('node:http').ServerResponse} res @param {number} status @param {{ reason: string } & Record<string, unknown>} body */
  const reject = (res, status, body) => {
    say(`rejected batch (${status}): ${body.reason}`);
    json(res, status, body);
  };

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  const receive = async (req, res) => {
    const type = (req.headers['content-type'] || '').split(';')[0].trim().toLowerCase();
    if (type != 'application/json' && type != 'text/plain') {
      req.resume();
      return reject(res, 415, { error: 'unsupported media type', reason: 'content-type must be application/json or text/plain', field: 'content-type' });
    }
    const read = await readBody(req, maxBody);
    // Nobody is left to answer; the SDK still holds the events and sends them again.
    if ('aborted' in read) return;
    if ('tooLarge' in read)
      return reject(res, 413, { error: 'payload too large', reason: `body must be at most ${maxBody} bytes`, field: 'body' });
    let body;
    try {
      body = JSON.parse(read.text);
    } catch (e) {
      return reject(res, 400, { error: 'invalid JSON', reason: 'body is not valid JSON: ' + (e instanceof Error ? e.message : String(e)), field: 'body' });
    }
    const valid = validateBatch(body);
    if (!valid.ok) {
      const { ok, ...why } = valid;
      return reject(res, 400, { error: 'invalid batch', ...why });
    }
    const header = req.headers['idempotency-key'];
    const key = (typeof header == 'string' && header) || body.idempotencyKey || null;
    const transport = type == 'text/plain' ? 'beacon' : 'fetch';
    const result = await store.insert(body.batch, {
      idempotencyKey: key,
      sentAt: body.sentAt,
      dropped: body.dropped,
      transport,
      writeKey: writeKeyOf(req.headers.authorization, body),
    });
    say(describeBatch(body, result, transport));
    json(res, 200, { ok: true, ...result });
  };

  const server = createServer(async (req, res) => {
    try {
      const { pathname } = new URL(req.url || '/', 'http://collector');
      const api = pathname.startsWith('/v1/') || pathname.startsWith('/api/');
      if (api || req.method == 'OPTIONS') cors(res);
      if (req.method == 'OPTIONS') return res.writeHead(204).end();
      if (pathname == '/v1/batch') {
        if (req.method != 'POST') {
          res.setHeader('Allow', 'POST, OPTIONS');
          return json(res, 405, { error: 'method not allowed' });
        }
        return await receive(req, res);
      }
      if (req.method != 'GET' && req.method != 'HEAD') return json(res, 405, { error: 'method not allowed' });
      if (pathname == '/api/summary') return json(res, 200, await summary());
      if (pathname == '/health') return json(res, 200, { ok: true });
      if (await serveStatic(pathname, res)) return;
      json(res, 404, { error: 'not found' });
    } catch (e) {
      // A storage failure answers 500, which the SDK retries: the events stay in its outbox.
      say('error: ' + (e instanceof Error ? e.stack : String(e)));
      if (!res.headersSent) json(res, 500, { error: 'internal error' });
      else res.end();
    }
  });

  try {
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve(undefined));
    });
  } catch (e) {
    // e.g. EADDRINUSE: give the database back before reporting it.
    await store.close();
    throw e;
  }
  const url = `http://${host}:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;

  let closed;
  return {
    url,
    endpoint: url + '/v1/batch',
    store,
    db: store.db,
    summary,
    close: () =>
      (closed ??= new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve(store.close()));
      })),
  };
};
