// Who may send and who may look: write keys (401 for an unknown one, nothing stored), each
// key's origin allowlist (CORS and a 403), the dashboard behind a read key or a password,
// rate limits per address and per key (429 with Retry-After), local mode on loopback only.
import { afterEach, describe, expect, test } from 'vitest';
import { startCollector } from '../src/server.js';
import { parseKeyList } from '../src/resolveKeys.js';

/** @type {Awaited<ReturnType<typeof startCollector>>[]} */
const open = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});
/** @param {Parameters<typeof startCollector>[0]} [options] */
const start = async (options = {}) => {
  const c = await startCollector({ port: 0, db: ':memory:', quiet: true, ...options });
  open.push(c);
  return c;
};
const KEYS = [
  { writeKey: 'wk_shop', origins: ['https://shop.example', 'https://*.shop.example'] },
  { writeKey: 'wk_server', origins: [] },
];

let n = 0;
const msg = () => ({ type: 'track', event: 'Product Viewed', context: {}, messageId: 'm' + n++, anonymousId: 'a', timestamp: '2026-11-23T10:00:00.000Z' });
const basic = (/** @type {string} */ key) => 'Basic ' + Buffer.from(key + ':').toString('base64');

/**
 * @param {Awaited<ReturnType<typeof startCollector>>} c
 * @param {Record<string, unknown>} body
 * @param {Record<string, string>} [headers]
 */
const post = async (c, body, headers = {}) => {
  const res = await c.app.inject({ method: 'POST', url: '/v1/batch', payload: JSON.stringify(body), headers: { 'content-type': 'text/plain', ...headers } });
  return { status: res.statusCode, body: res.json(), headers: res.headers };
};
const stored = (/** @type {Awaited<ReturnType<typeof startCollector>>} */ c) => c.db.prepare('SELECT COUNT(*) FROM events').pluck().get();

describe('write keys', () => {
  test('a configured key is accepted by HTTP Basic auth or in the body; an unknown or missing key gets 401 and stores nothing', async () => {
    const c = await start({ keys: KEYS });
    expect((await post(c, { batch: [msg()] }, { authorization: basic('wk_shop') })).status).toBe(200);
    expect((await post(c, { batch: [msg()], writeKey: 'wk_shop' })).status).toBe(200);
    const unknown = await post(c, { batch: [msg()], writeKey: 'YOUR_KEY' });
    expect(unknown).toMatchObject({ status: 401, body: { error: 'unauthorized', field: 'writeKey', reason: 'unknown write key' } });
    const none = await post(c, { batch: [msg()] });
    expect(none.status).toBe(401);
    expect(none.body.reason).toMatch(/a write key is required/);
    expect((await post(c, { batch: [msg()] }, { authorization: basic('wk_nope') })).status).toBe(401);
    expect(stored(c)).toBe(2);
    expect(c.db.prepare('SELECT COUNT(*) FROM batches').pluck().get()).toBe(2);
  });

  test('keys parse from a flag or the environment: "KEY=ORIGIN,ORIGIN;KEY2"', () => {
    expect(parseKeyList('wk1=https://a.example,https://b.example; wk2=* wk3')).toEqual([
      { writeKey: 'wk1', origins: ['https://a.example', 'https://b.example'] },
      { writeKey: 'wk2', origins: ['*'] },
      { writeKey: 'wk3', origins: [] },
    ]);
  });

  test('a malformed key configuration is refused at start, naming the entry', async () => {
    await expect(start({ keys: [{ writeKey: '', origins: [] }] })).rejects.toThrow(/keys\[0\]\.writeKey/);
    await expect(start({ keys: [{ writeKey: 'k', origins: ['not an origin'] }] })).rejects.toThrow(/keys\[0\]\.origins/);
  });

  test('without keys the collector runs in local mode on loopback only, and refuses to start elsewhere', async () => {
    const c = await start();
    expect(c.local).toBe(true);
    expect((await post(c, { batch: [msg()], writeKey: 'anything' }, { origin: 'http://any.example' })).status).toBe(200);
    await expect(startCollector({ port: 0, host: '0.0.0.0', db: ':memory:', quiet: true })).rejects.toThrow(/no write keys configured/);
    const keyed = await start({ host: '0.0.0.0', keys: KEYS });
    expect(keyed.local).toBe(false);
  });
});

describe('origins', () => {
  test("a preflight from an origin some key allows is answered with CORS headers; any other origin's is not", async () => {
    const c = await start({ keys: KEYS });
    /** @param {string} origin */
    const preflight = (origin) =>
      c.app.inject({ method: 'OPTIONS', url: '/v1/batch', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    for (const ok of ['https://shop.example', 'https://eu.shop.example']) expect((await preflight(ok)).headers['access-control-allow-origin']).toBe(ok);
    for (const no of ['https://evil.example', 'https://shop.example.evil.example', 'http://shop.example'])
      expect((await preflight(no)).headers['access-control-allow-origin'], no).toBeUndefined();
  });

  test('a batch from an origin its key does not allow is refused with 403 and nothing is stored; a server (no Origin) is let in', async () => {
    const c = await start({ keys: KEYS });
    const ok = await post(c, { batch: [msg()], writeKey: 'wk_shop' }, { origin: 'https://shop.example' });
    expect(ok.status).toBe(200);
    expect(ok.headers['access-control-allow-origin']).toBe('https://shop.example');
    const evil = await post(c, { batch: [msg()], writeKey: 'wk_shop' }, { origin: 'https://evil.example' });
    expect(evil).toMatchObject({ status: 403, body: { error: 'forbidden', field: 'origin', reason: 'origin https://evil.example is not allowed for this write key' } });
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
    // a server-only key from a browser: refused; from a server: stored
    expect((await post(c, { batch: [msg()], writeKey: 'wk_server' }, { origin: 'https://shop.example' })).status).toBe(403);
    expect((await post(c, { batch: [msg()], writeKey: 'wk_server' })).status).toBe(200);
    expect(stored(c)).toBe(2);
  });
});

describe('the dashboard and its API', () => {
  test('need the read key (Bearer) or the password (HTTP Basic) once keys are configured; /health stays open', async () => {
    const c = await start({ keys: KEYS, readKey: 'rk_1', password: 'open sesame' });
    /** @param {string} url @param {Record<string, string>} [headers] */
    const get = (url, headers = {}) => c.app.inject({ method: 'GET', url, headers });
    for (const url of ['/', '/dashboard.js', '/api/summary']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Basic realm="Waymark dashboard"/);
    }
    expect((await get('/api/summary', { authorization: 'Bearer rk_1' })).statusCode).toBe(200);
    expect((await get('/api/summary', { authorization: 'Bearer rk_2' })).statusCode).toBe(401);
    expect((await get('/', { authorization: 'Basic ' + Buffer.from('anyone:open sesame').toString('base64') })).statusCode).toBe(200);
    expect((await get('/', { authorization: 'Basic ' + Buffer.from('anyone:guess').toString('base64') })).statusCode).toBe(401);
    // a write key is not a read key
    expect((await get('/api/summary', { authorization: 'Bearer wk_shop' })).statusCode).toBe(401);
    expect((await c.app.inject({ method: 'POST', url: '/api/sweep', payload: {} })).statusCode).toBe(401);
    expect((await get('/health')).json()).toEqual({ ok: true });
  });

  test('with keys but no read key or password the dashboard is closed, and says how to open it', async () => {
    const c = await start({ keys: KEYS });
    const res = await c.app.inject({ method: 'GET', url: '/api/summary' });
    expect(res.statusCode).toBe(401);
    expect(res.json().reason).toMatch(/--read-key, --password/);
  });

  test('in local mode (the demo on 127.0.0.1) it is open', async () => {
    const c = await start();
    expect((await c.app.inject({ method: 'GET', url: '/api/summary' })).statusCode).toBe(200);
  });

  test('answers are compressed for a client that accepts gzip', async () => {
    const c = await start();
    const res = await c.app.inject({ method: 'GET', url: '/dashboard.js', headers: { 'accept-encoding': 'gzip' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
  });
});

describe('rate limits', () => {
  test('per address: past the limit a 429 with Retry-After, nothing stored; other addresses go on', async () => {
    const c = await start({ keys: KEYS, trustProxy: true, rateLimit: { ip: { max: 3, timeWindow: 60_000 }, key: { max: 100, timeWindow: 60_000 } } });
    const from = (/** @type {string} */ ip) => ({ 'x-forwarded-for': ip, authorization: basic('wk_server') });
    for (let i = 0; i < 3; i++) expect((await post(c, { batch: [msg()] }, from('10.0.0.1'))).status).toBe(200);
    const limited = await post(c, { batch: [msg()] }, from('10.0.0.1'));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body).toMatchObject({ error: 'too many requests', reason: expect.stringMatching(/more than 3 requests per 1 minute for this address/) });
    expect((await post(c, { batch: [msg()] }, from('10.0.0.2'))).status).toBe(200);
    expect(stored(c)).toBe(4);
  });

  test('per write key: a key past its limit gets 429 from every address', async () => {
    const c = await start({ keys: KEYS, trustProxy: true, rateLimit: { ip: { max: 100, timeWindow: 60_000 }, key: { max: 2, timeWindow: 60_000 } } });
    const from = (/** @type {string} */ ip, /** @type {string} */ key) => ({ 'x-forwarded-for': ip, authorization: basic(key) });
    expect((await post(c, { batch: [msg()] }, from('10.0.0.1', 'wk_server'))).status).toBe(200);
    expect((await post(c, { batch: [msg()] }, from('10.0.0.2', 'wk_server'))).status).toBe(200);
    const limited = await post(c, { batch: [msg()] }, from('10.0.0.3', 'wk_server'));
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    expect(limited.body.reason).toMatch(/for this write key/);
    // another key is not held back
    expect((await post(c, { batch: [msg()], writeKey: 'wk_shop' }, { 'x-forwarded-for': '10.0.0.3' })).status).toBe(200);
    expect(stored(c)).toBe(3);
  });

  test('a 429 names Retry-After to the browser (exposed through CORS)', async () => {
    const c = await start({ keys: KEYS, rateLimit: { ip: { max: 1, timeWindow: 60_000 }, key: { max: 100, timeWindow: 60_000 } } });
    const h = { origin: 'https://shop.example' };
    await post(c, { batch: [msg()], writeKey: 'wk_shop' }, h);
    const limited = await post(c, { batch: [msg()], writeKey: 'wk_shop' }, h);
    expect(limited.status).toBe(429);
    expect(limited.headers['access-control-allow-origin']).toBe('https://shop.example');
    expect(limited.headers['access-control-expose-headers']).toBe('retry-after');
  });
});
