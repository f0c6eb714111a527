// The collector's HTTP application on Fastify, without listening: startCollector() (server.js)
// listens, tests drive it with app.inject(). Plugins: @fastify/cors (the write keys' origins),
// @fastify/rate-limit (per IP and per write key), @fastify/compress (gzip request bodies in,
// compressed answers out), @fastify/static (the dashboard). Validation: Fastify's ajv, with
// the schemas in batchSchema.js.
//
// Routes:
//   POST /v1/batch     a Segment batch, application/json or text/plain (beacons, and the SDK's
//                      preflight-free fetch), optionally Content-Encoding: gzip. 200 with
//                      { ok, received, stored, duplicates, replay, rejected? }; a message
//                      that breaks the spec rejects only itself (rejected: [{ index, field,
//                      reason, messageId? }]); 400 when the envelope or every message is bad;
//                      401 unknown write key; 403 origin not allowed for the key; 413 over
//                      500 KB; 415 other content types; 429 with Retry-After past a limit.
//   OPTIONS /v1/*      CORS preflight, for origins some write key allows.
//   GET /              the journey dashboard (collector/public/), under a strict CSP.
//   GET /vendor/*      the chart library the dashboard imports (uPlot's ES module and its
//                      stylesheet, from the uplot package), under the same CSP.
//   GET /api/summary   the dashboard's numbers (contract C3).
//   POST /api/sweep    runs the abandonment sweep now; body { now? } (ISO time, for tests).
//   GET /health        { ok: true }, always open (for a load balancer).
// The dashboard and /api/* need the read key (Authorization: Bearer KEY) or the password
// (HTTP Basic, any user name), except in local mode.
import Fastify from 'fastify';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import compress from '@fastify/compress';
import { timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { BATCH_SCHEMA, MESSAGE_SCHEMA, MAX_BATCH_BYTES, MAX_MESSAGE_BYTES, explain } from './batchSchema.js';
import { batchClock, normalizeMessage } from './normalizeMessage.js';
import { describeBatch } from './describeBatch.js';
import { DEFAULT_STAGES } from './stages.js';
import { DIMENSIONS, FilterError, readFilters } from './store/filters.js';
import { readFunnel } from './store/reportsOf.js';

const PUBLIC = fileURLToPath(new URL('../public/', import.meta.url));
// The dashboard obeys a strict policy: its own scripts and styles only, no inline ones.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
// The dashboard's charts (uPlot: canvas, styles set through CSSOM, which style-src 'self'
// allows), served from the package as two fixed routes: nothing else of node_modules is reachable.
const require = createRequire(import.meta.url);
const VENDOR = [
  ['/vendor/uPlot.esm.js', 'uplot/dist/uPlot.esm.js', 'text/javascript; charset=utf-8'],
  ['/vendor/uPlot.min.css', 'uplot/dist/uPlot.min.css', 'text/css; charset=utf-8'],
];

/**
 * @typedef {object} RateLimits requests per time window; the SDK sends a batch every few
 *   seconds per tab, so the defaults leave room for an office behind one address.
 * @property {{ max: number, timeWindow: number }} ip per client address (ms window)
 * @property {{ max: number, timeWindow: number }} key per write key
 */
/** @type {RateLimits} */
export const DEFAULT_RATE_LIMITS = { ip: { max: 1200, timeWindow: 60_000 }, key: { max: 60_000, timeWindow: 60_000 } };

/** @param {string} a @param {string} b */
const same = (a, b) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length == y.length && timingSafeEqual(x, y);
};

/**
 * The write key of a request: Segment's HTTP Basic auth (the key as user name, fetch), else
 * `writeKey` in the body (beacons and text/plain batches cannot or do not set headers).
 * @param {string | undefined} header
 * @param {unknown} body
 * @returns {string | null}
 */
export const writeKeyOf = (header, body) => {
  const m = /^Basic\s+(.+)$/i.exec(header || '');
  if (m)
    return (
      Buffer.from(/** @type {string} */ (m[1]), 'base64')
        .toString('utf8')
        .replace(/:.*$/s, '') || null
    );
  const inBody = body && typeof body == 'object' ? /** @type {{ writeKey?: unknown }} */ (body).writeKey : undefined;
  return typeof inBody == 'string' && inBody ? inBody : null;
};

/**
 * A sentence for an envelope that fails BATCH_SCHEMA.
 * @param {import('fastify').FastifySchemaValidationError[]} errors
 * @returns {[string, string]}
 */
const explainEnvelope = (errors) => {
  const e = /** @type {import('fastify').FastifySchemaValidationError} */ (errors[0]);
  const at = e.instancePath.split('/').slice(1).join('.');
  if (e.keyword == 'type' && at == '') return ['body', 'must be a JSON object'];
  if (e.keyword == 'required' || (at == 'batch' && e.keyword == 'type')) return ['batch', 'must be an array of messages'];
  if (at == 'batch') return ['batch', 'must not be empty'];
  if (at == 'dropped') return ['dropped', 'must be a non-negative integer'];
  if (at == 'sentAt') return ['sentAt', 'must be an ISO 8601 date-time string with a time zone'];
  if (at == 'idempotencyKey') return ['idempotencyKey', 'must be a non-empty string of at most 200 characters'];
  return [at, e.message ?? 'is not valid'];
};

/**
 * @typedef {object} CollectorOptions
 * @property {import('./store/openStore.js').Store} store where batches go
 * @property {Map<string, import('./resolveKeys.js').ResolvedKey>} keys configured write keys (empty: local mode)
 * @property {boolean} local no keys, on a loopback address: any key, any origin
 * @property {string} [readKey] opens the dashboard and its API (Authorization: Bearer KEY)
 * @property {string} [password] opens the dashboard in a browser (HTTP Basic, any user name)
 * @property {string[]} [stages]
 * @property {boolean} [trustClientClock] store timestamps as sent, without Segment's sentAt correction
 * @property {RateLimits | false} [rateLimit]
 * @property {number} [maxBatchBytes] default 500 KB (after gzip is undone)
 * @property {number} [maxMessageBytes] default 32 KB
 * @property {boolean | string[]} [trustProxy] take the client address from X-Forwarded-For (behind a balancer)
 * @property {(options?: { now?: string }) => Promise<unknown>} sweep runs the abandonment sweep
 * @property {(line: string) => void} say one log line
 * @property {boolean} [quiet] say nothing per batch (the line is not even built)
 */

/**
 * Builds the Fastify application (not listening yet).
 * @param {CollectorOptions} o
 */
export const buildCollector = async (o) => {
  const maxBatchBytes = o.maxBatchBytes ?? MAX_BATCH_BYTES;
  const maxMessageBytes = o.maxMessageBytes ?? MAX_MESSAGE_BYTES;
  const stages = o.stages ?? DEFAULT_STAGES;
  const dashboardOpen = o.local && !o.readKey && !o.password;
  const app = Fastify({
    logger: false,
    bodyLimit: maxBatchBytes,
    forceCloseConnections: true,
    trustProxy: o.trustProxy ?? false,
    // Messages are checked as sent: no coercion, no defaults filled in, nothing removed.
    ajv: { customOptions: { coerceTypes: false, useDefaults: false, removeAdditional: false } },
  });

  // Segment's bodies are JSON whatever the content type says: text/plain is what beacons
  // send, and what lets a fetch skip the CORS preflight.
  const parseJson = app.getDefaultJsonParser('error', 'ignore');
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(['application/json', 'text/plain'], { parseAs: 'string' }, (req, text, done) => {
    /** @type {any} */ (req).bodyBytes = Buffer.byteLength(text);
    parseJson(req, /** @type {string} */ (text), done);
  });

  app.setErrorHandler((error, req, reply) => {
    const e = /** @type {import('fastify').FastifyError} */ (error);
    // The client went away mid-body: nobody is left to answer, and the SDK still holds the
    // events and sends them again.
    if (req.raw.socket?.destroyed) return reply.code(400).send({ error: 'aborted' });
    /** @type {(status: number, body: Record<string, unknown> & { reason: string }) => void} */
    const answer = (status, body) => {
      if (req.url.startsWith('/v1/')) o.say(`rejected batch (${status}): ${body.reason}`);
      reply.code(status).send(body);
    };
    if (e.validation) {
      const [field, what] = explainEnvelope(e.validation);
      return answer(400, { error: 'invalid batch', field, reason: field + ' ' + what });
    }
    if (e.statusCode == 429) return answer(429, { error: 'too many requests', field: 'rate', reason: e.message });
    if (e.code == 'FST_ERR_CTP_BODY_TOO_LARGE')
      return answer(413, { error: 'payload too large', field: 'body', reason: `body must be at most ${maxBatchBytes} bytes (Segment's 500 KB per batch)` });
    if (e.code == 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || e.statusCode == 415)
      return answer(415, { error: 'unsupported media type', field: 'content-type', reason: 'content-type must be application/json or text/plain, content-encoding gzip or none' });
    if (e instanceof SyntaxError || e.code == 'FST_ERR_CTP_EMPTY_JSON_BODY' || e.code == 'FST_ERR_CTP_INVALID_JSON_BODY')
      return answer(400, { error: 'invalid JSON', field: 'body', reason: 'body is not valid JSON: ' + e.message });
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) return answer(e.statusCode, { error: e.code ?? 'bad request', reason: e.message });
    // A storage failure answers 500, which the SDK retries: the events stay in its outbox.
    o.say('error: ' + (e instanceof Error ? e.stack : String(e)));
    reply.code(500).send({ error: 'internal error' });
  });

  await app.register(compress, { global: true, requestEncodings: ['gzip', 'deflate'] });
  /**
   * A rate limiter (a hook) from its own instance of @fastify/rate-limit: an instance runs at
   * most one limiter per request, and the collector needs two (per address, per key).
   * @param {{ max: number, timeWindow: number }} limit @param {string} what @param {(req: import('fastify').FastifyRequest) => string} keyOf
   */
  const limiter = async (limit, what, keyOf) => {
    /** @type {import('fastify').onRequestAsyncHookHandler | undefined} */
    let hook;
    await app.register(async (scope) => {
      await scope.register(rateLimit, { global: false });
      hook = scope.rateLimit({
        ...limit,
        keyGenerator: keyOf,
        errorResponseBuilder: (_req, ctx) => ({
          statusCode: 429,
          message: `more than ${ctx.max} requests per ${ctx.after} for this ${what}: retry after ${Math.ceil(ctx.ttl / 1000)} s (Retry-After)`,
        }),
      });
    });
    return /** @type {import('fastify').onRequestAsyncHookHandler} */ (hook);
  };
  const limits = o.rateLimit === false ? null : { ...DEFAULT_RATE_LIMITS, ...o.rateLimit };
  const ipLimit = limits && (await limiter(limits.ip, 'address', (req) => req.ip));
  const keyLimit = limits && (await limiter(limits.key, 'write key', (req) => 'key:' + /** @type {any} */ (req).writeKey));

  // Ingestion, with CORS for the origins the keys allow.
  await app.register(async (api) => {
    await api.register(cors, {
      origin: (origin, cb) => cb(null, o.local || !origin || [...o.keys.values()].some((k) => k._match(origin))),
      methods: ['POST', 'OPTIONS'],
      allowedHeaders: ['content-type', 'content-encoding', 'idempotency-key', 'authorization'],
      exposedHeaders: ['retry-after'],
      // Chromium caps this at two hours; one preflight per two hours is plenty.
      maxAge: 7200,
    });

    /** @type {import('fastify').preHandlerAsyncHookHandler} */
    const authorize = async (req, reply) => {
      const writeKey = writeKeyOf(req.headers.authorization, req.body);
      /** @type {any} */ (req).writeKey = writeKey;
      if (o.local) return;
      const key = writeKey ? o.keys.get(writeKey) : undefined;
      const refuse = (/** @type {number} */ status, /** @type {Record<string, string>} */ body) => {
        o.say(`rejected batch (${status}): ${body.reason}`);
        return reply.code(status).send(body);
      };
      if (!key)
        return refuse(401, {
          error: 'unauthorized',
          field: 'writeKey',
          reason: writeKey ? 'unknown write key' : 'a write key is required: HTTP Basic auth with the key as user name, or writeKey in the body',
        });
      const origin = req.headers.origin;
      if (origin && !key._match(origin)) return refuse(403, { error: 'forbidden', field: 'origin', reason: `origin ${origin} is not allowed for this write key` });
    };

    api.get('/v1/batch', async (_req, reply) => reply.code(405).header('allow', 'POST, OPTIONS').send({ error: 'method not allowed', reason: 'POST a batch' }));

    api.post(
      '/v1/batch',
      {
        schema: { body: BATCH_SCHEMA },
        ...(ipLimit ? { onRequest: ipLimit } : {}),
        preHandler: keyLimit ? [authorize, keyLimit] : [authorize],
      },
      async (req, reply) => {
        const receivedAt = Date.now();
        const body = /** @type {{ batch: unknown[], sentAt?: string, dropped?: number, idempotencyKey?: string, context?: object, integrations?: object }} */ (req.body);
        const writeKey = /** @type {any} */ (req).writeKey;
        const validate = req.compileValidationSchema(MESSAGE_SCHEMA);
        const clock = batchClock({ receivedAt, sentAt: body.sentAt, context: body.context, integrations: body.integrations, writeKey, trustClientClock: o.trustClientClock });
        // Only a body over 32 KB can hold a message over 32 KB: measure messages only then.
        const measure = /** @type {any} */ (req).bodyBytes > maxMessageBytes;
        /** @type {Record<string, any>[]} */
        const accepted = [];
        /** @type {{ index: number, field: string, reason: string, messageId?: string }[]} */
        const rejected = [];
        body.batch.forEach((m, index) => {
          const messageId = m && typeof m == 'object' && typeof (/** @type {any} */ (m).messageId) == 'string' ? /** @type {any} */ (m).messageId : undefined;
          const reject = (/** @type {string} */ field, /** @type {string} */ what) =>
            rejected.push({ index, field: field || 'message', reason: `batch[${index}]${field ? '.' + field : ''} ${what}`, ...(messageId ? { messageId } : {}) });
          const bytes = measure ? Buffer.byteLength(JSON.stringify(m)) : 0;
          if (bytes > maxMessageBytes) return reject('', `is ${bytes} bytes: a message must be at most ${maxMessageBytes} bytes (Segment's 32 KB)`);
          if (!validate(m)) return reject(...explain(validate.errors, m));
          accepted.push(normalizeMessage(/** @type {Record<string, any>} */ (m), clock));
        });
        for (const r of rejected) o.say('rejected message: ' + r.reason);
        if (!accepted.length) {
          const first = /** @type {(typeof rejected)[number]} */ (rejected[0]);
          o.say(`rejected batch (400): ${first.reason}`);
          return reply.code(400).send({ error: 'invalid batch', field: first.field, index: first.index, reason: first.reason, rejected });
        }
        const header = req.headers['idempotency-key'];
        const transport = /^text\/plain/i.test(req.headers['content-type'] ?? '') ? 'beacon' : 'fetch';
        const result = await o.store.insert(accepted, {
          idempotencyKey: (typeof header == 'string' && header) || body.idempotencyKey || null,
          sentAt: body.sentAt ?? null,
          dropped: body.dropped ?? 0,
          transport,
          writeKey,
          receivedAt: clock.receivedIso,
        });
        if (!o.quiet) o.say(describeBatch({ batch: accepted, dropped: body.dropped }, { ...result, rejected: rejected.length }, transport));
        return { ok: true, ...result, received: body.batch.length, ...(rejected.length ? { rejected } : {}) };
      },
    );
  });

  // The dashboard and its API, behind the read key or the password.
  await app.register(async (dash) => {
    dash.addHook('onRequest', async (req, reply) => {
      if (dashboardOpen) return;
      const auth = req.headers.authorization ?? '';
      const bearer = /^Bearer\s+(.+)$/i.exec(auth)?.[1];
      const basic = /^Basic\s+(.+)$/i.exec(auth)?.[1];
      const secret =
        bearer ??
        (basic
          ? Buffer.from(basic, 'base64')
              .toString('utf8')
              .replace(/^[^:]*:/, '')
          : undefined);
      if (secret !== undefined && ((o.readKey && same(secret, o.readKey)) || (o.password && same(secret, o.password)))) return;
      reply
        .code(401)
        .header('www-authenticate', 'Basic realm="Waymark dashboard", charset="UTF-8"')
        .send({
          error: 'unauthorized',
          field: 'authorization',
          reason:
            o.readKey || o.password
              ? 'the dashboard needs the read key (Authorization: Bearer KEY) or the password (HTTP Basic)'
              : 'the dashboard is closed: start the collector with a read key or a password (--read-key, --password)',
        });
    });
    await dash.register(fastifyStatic, {
      root: PUBLIC,
      // Only the files in public/ when the collector started, each its own route: no path
      // can climb out of the folder.
      wildcard: false,
      index: 'index.html',
      cacheControl: false,
      setHeaders: (reply) => {
        reply.header('Content-Security-Policy', CSP);
        reply.header('X-Content-Type-Options', 'nosniff');
        reply.header('Cache-Control', 'no-cache');
      },
    });
    for (const [route, file, type] of VENDOR) {
      const body = readFileSync(require.resolve(/** @type {string} */ (file)));
      dash.get(/** @type {string} */ (route), async (_req, reply) =>
        reply
          .type(/** @type {string} */ (type))
          .header('Content-Security-Policy', CSP)
          .header('X-Content-Type-Options', 'nosniff')
          .header('Cache-Control', 'no-cache')
          .send(body),
      );
    }
    // Every report takes the same filters (filters.js); a bad one is a 400 naming the field.
    const report =
      (/** @type {(q: Record<string, unknown>, filters: import('./store/filters.js').Filters) => Promise<unknown>} */ answer) =>
      async (/** @type {import('fastify').FastifyRequest} */ req, /** @type {import('fastify').FastifyReply} */ reply) => {
        const q = /** @type {Record<string, unknown>} */ (req.query ?? {});
        try {
          return await answer(q, readFilters(q));
        } catch (e) {
          const bad = /** @type {any} */ (e);
          if (bad instanceof FilterError || (bad && typeof bad.field == 'string' && typeof bad.reason == 'string'))
            return reply.code(400).send({ error: 'invalid query', field: bad.field, reason: bad.reason });
          throw e;
        }
      };
    const one = (/** @type {unknown} */ v, /** @type {string[]} */ allowed, /** @type {string} */ field) => {
      if (v === undefined || v === '') return allowed[0];
      if (typeof v != 'string' || !allowed.includes(v)) throw new FilterError(field, `must be one of ${allowed.join(', ')}`);
      return v;
    };
    dash.get(
      '/api/summary',
      report((_q, filters) => o.store.summary({ stages, filters })),
    );
    dash.get(
      '/api/trends',
      report((q, filters) => o.store.trends({ stages, filters, interval: /** @type {any} */ (one(q.interval, ['day', 'hour'], 'interval')) })),
    );
    dash.get(
      '/api/segments',
      report((q, filters) => o.store.segments({ filters, by: /** @type {any} */ (one(q.by, DIMENSIONS, 'by')) })),
    );
    dash.get(
      '/api/products',
      report((_q, filters) => o.store.products({ filters })),
    );
    dash.get(
      '/api/paths',
      report((_q, filters) => o.store.paths({ filters })),
    );
    dash.get(
      '/api/time-to-convert',
      report((_q, filters) => o.store.timeToConvert({ filters })),
    );
    dash.get(
      '/api/funnel',
      report((q, filters) => o.store.funnel({ stages, filters, ...readFunnel(q, stages) })),
    );
    dash.post('/api/sweep', { schema: { body: { type: ['object', 'null'], properties: { now: { type: 'string', format: 'date-time' } } } } }, async (req) =>
      o.sweep({ now: /** @type {{ now?: string } | null} */ (req.body)?.now }),
    );
  });

  app.get('/health', async () => ({ ok: true }));
  return app;
};
