import { afterEach, describe, expect, test } from 'vitest';
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCollector } from '../src/server.js';
import { describeBatch } from '../src/describeBatch.js';

const CLI = fileURLToPath(new URL('../src/cli.js', import.meta.url));

const msg = (id, path = '/cart', type = 'track') => ({
  type,
  event: type == 'track' ? 'Cart Viewed' : undefined,
  context: { page: { path }, journey: { sessionId: 's' } },
  messageId: id,
  anonymousId: 'a',
  timestamp: '2026-11-23T10:00:00.000Z',
});

const open = [];
const start = async (options = {}) => {
  const lines = [];
  const c = await startCollector({ port: 0, db: ':memory:', log: (l) => lines.push(l), ...options });
  open.push(c);
  return { c, lines };
};
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

const postJson = (url, body, headers = {}) => fetch(url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });

describe('startCollector over HTTP', () => {
  test('prints one line per batch: received, stored, duplicates, transport, types and pages', async () => {
    const { c, lines } = await start();
    await postJson(c.endpoint, { batch: [msg('1'), msg('2', '/checkout'), msg('3', '/cart', 'page')] });
    await postJson(c.endpoint, { batch: [msg('1'), msg('4')], dropped: 2 }, { 'idempotency-key': 'k' });
    await postJson(c.endpoint, { batch: [msg('1'), msg('4')] }, { 'idempotency-key': 'k' });
    await postJson(c.endpoint, { batch: [] });
    expect(lines).toEqual([
      '[waymark collector] batch 3 received, 3 stored, 0 duplicates · fetch · track 2, page 1 · /cart, /checkout',
      '[waymark collector] batch 2 received, 1 stored, 1 duplicate, 2 dropped by client · fetch · track 2 · /cart',
      '[waymark collector] batch replayed (2 messages, same idempotency key): nothing stored · fetch',
      '[waymark collector] rejected batch (400): batch must not be empty',
    ]);
  });

  test('the summary follows every change, replays included, and is reused while nothing changes', async () => {
    const { c } = await start();
    const get = async () => (await fetch(c.url + '/api/summary')).json();
    expect((await get()).totals.events).toBe(0);
    await postJson(c.endpoint, { batch: [msg('1')] }, { 'idempotency-key': 'k' });
    const first = await get();
    expect(first.totals).toMatchObject({ events: 1, replays: 0 });
    await new Promise((r) => setTimeout(r, 5));
    expect((await get()).generatedAt).toBe(first.generatedAt);
    await postJson(c.endpoint, { batch: [msg('1')] }, { 'idempotency-key': 'k' });
    expect((await get()).totals).toMatchObject({ events: 1, replays: 1 });
    await postJson(c.endpoint, { batch: [msg('1')] }, { 'idempotency-key': 'k2' });
    expect((await get()).totals).toMatchObject({ events: 1, duplicates: 1 });
  });

  test('a port in use rejects with EADDRINUSE, and the database file stays usable', async () => {
    const { c } = await start();
    const dir = mkdtempSync(join(tmpdir(), 'waymark-port-'));
    try {
      const file = join(dir, 'w.db');
      const port = Number(new URL(c.url).port);
      await expect(startCollector({ port, db: file, quiet: true })).rejects.toMatchObject({ code: 'EADDRINUSE' });
      // a collector on a free port can then use the same file
      const again = await startCollector({ port: 0, db: file, quiet: true });
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('quiet prints nothing', async () => {
    const { c, lines } = await start({ quiet: true });
    await postJson(c.endpoint, { batch: [msg('1')] });
    expect(lines).toEqual([]);
  });

  test('answers a CORS preflight for an origin a write key allows, and names it with Vary', async () => {
    const { c } = await start({ keys: [{ writeKey: 'wk', origins: ['http://shop.test'] }] });
    const res = await fetch(c.endpoint, { method: 'OPTIONS', headers: { Origin: 'http://shop.test', 'Access-Control-Request-Method': 'POST' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://shop.test');
    expect(res.headers.get('vary')).toContain('Origin');
    expect(res.headers.get('access-control-allow-headers')).toBe('content-type, content-encoding, idempotency-key, authorization');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-expose-headers')).toBe('retry-after');
    expect(Number(res.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    const post = await postJson(c.endpoint, { batch: [msg('1')] }, { Origin: 'http://shop.test', Authorization: 'Basic ' + btoa('wk:') });
    expect(post.status).toBe(200);
    expect(post.headers.get('access-control-allow-origin')).toBe('http://shop.test');
  });

  test('refuses a body over maxBatchBytes with 413, with or without a Content-Length', async () => {
    const { c } = await start({ maxBatchBytes: 1000 });
    const big = JSON.stringify({ batch: [{ ...msg('1'), properties: { x: 'y'.repeat(2000) } }] });
    expect((await fetch(c.endpoint, { method: 'POST', body: big, headers: { 'content-type': 'application/json' } })).status).toBe(413);
    // chunked: no Content-Length, the limit is counted as the body streams in
    const status = await new Promise((resolve, reject) => {
      const req = request(c.endpoint, { method: 'POST', headers: { 'content-type': 'text/plain' } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('error', reject);
      for (let i = 0; i < 10; i++) req.write(big.slice(i * 300, (i + 1) * 300));
      req.end();
    });
    expect(status).toBe(413);
    expect(c.db.prepare('SELECT COUNT(*) AS n FROM events').get().n).toBe(0);
  });

  test('a client that goes away mid-body leaves nothing behind and the collector keeps serving', async () => {
    const { c, lines } = await start();
    await new Promise((resolve) => {
      const req = request(c.endpoint, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '5000' } });
      req.on('error', () => resolve());
      req.write('{"batch": [');
      setTimeout(() => req.destroy(), 50);
    });
    await new Promise((r) => setTimeout(r, 50));
    expect((await postJson(c.endpoint, { batch: [msg('1')] })).status).toBe(200);
    expect(lines).toEqual(['[waymark collector] batch 1 received, 1 stored, 0 duplicates · fetch · track 1 · /cart']);
  });

  test('answers 500 when storage fails, so the SDK keeps the events and retries', async () => {
    const { c, lines } = await start();
    c.db.close();
    const res = await postJson(c.endpoint, { batch: [msg('1')] });
    expect(res.status).toBe(500);
    expect(lines.some((l) => l.startsWith('[waymark collector] error:'))).toBe(true);
  });

  test('serves the dashboard under a strict CSP, the summary, and nothing outside public/', async () => {
    const { c } = await start();
    const page = await fetch(c.url + '/');
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    const html = await page.text();
    // no inline script or style: every script has a src, no style attributes or blocks
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle=|<style/);
    expect((await fetch(c.url + '/dashboard.js')).headers.get('content-type')).toMatch(/^(text|application)\/javascript/);
    expect((await fetch(c.url + '/dashboard.css')).headers.get('content-type')).toMatch(/^text\/css/);
    const summary = await (await fetch(c.url + '/api/summary')).json();
    expect(summary.funnel).toHaveLength(6);
    expect(await (await fetch(c.url + '/health')).json()).toEqual({ ok: true });
    for (const path of ['/server.js', '/../src/server.js', '/%2e%2e/src/server.js', '/public/index.html', '/nope.js']) expect((await fetch(c.url + path)).status, path).toBe(404);
  });

  test('creates the default-style database folder and stores a text/plain beacon body', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'waymark-collector-'));
    try {
      const { c } = await start({ db: join(dir, 'data', 'w.db') });
      expect(existsSync(join(dir, 'data', 'w.db'))).toBe(true);
      const res = await fetch(c.endpoint, {
        method: 'POST',
        body: JSON.stringify({ batch: [msg('b1')], idempotencyKey: 'bk', writeKey: 'wk' }),
        headers: { 'content-type': 'text/plain;charset=UTF-8' },
      });
      expect(await res.json()).toEqual({ ok: true, replay: false, received: 1, stored: 1, duplicates: 0 });
      expect(c.db.prepare('SELECT idempotency_key, transport, write_key FROM batches').get()).toEqual({ idempotency_key: 'bk', transport: 'beacon', write_key: 'wk' });
    } finally {
      await Promise.all(open.splice(0).map((c) => c.close()));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('describeBatch', () => {
  test('says when a known key came with other messages', () => {
    expect(describeBatch({ batch: [msg('1')] }, { replay: false, received: 1, stored: 1, duplicates: 0, keyReused: true }, 'fetch')).toBe(
      'batch 1 received, 1 stored, 0 duplicates, idempotency key reused for other messages · fetch · track 1 · /cart',
    );
  });

  test('lists at most three pages', () => {
    const body = { batch: ['/a', '/b', '/c', '/d', '/e'].map((p, i) => msg(String(i), p)) };
    expect(describeBatch(body, { replay: false, received: 5, stored: 5, duplicates: 0 }, 'beacon')).toBe(
      'batch 5 received, 5 stored, 0 duplicates · beacon · track 5 · /a, /b, /c +2 more',
    );
  });
});

describe('cli', { timeout: 60_000 }, () => {
  test('starts on the port given, prints the URLs, serves, and stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'waymark-cli-'));
    const child = spawn(process.execPath, [CLI, '--port', '0', '--db', join(dir, 'cli.db'), '--quiet']);
    try {
      const line = await new Promise((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d) => (out += d) && out.includes('\n') && resolve(out));
        child.on('exit', (code) => reject(new Error('exited ' + code)));
      });
      const url = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1];
      expect(line).toContain(url + '/v1/batch');
      expect((await postJson(url + '/v1/batch', { batch: [msg('c1')] })).status).toBe(200);
      const code = await new Promise((resolve) => {
        child.on('exit', resolve);
        child.kill('SIGTERM');
      });
      expect(code).toBe(0);
      expect(existsSync(join(dir, 'cli.db'))).toBe(true);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  /** @param {string[]} args @param {Record<string, string>} [env] */
  const cli = async (args, env = {}) => {
    const child = spawn(process.execPath, [CLI, '--port', '0', '--db', ':memory:', '--quiet', '--sweep-interval', '0', ...args], { env: { ...process.env, ...env } });
    const line = await new Promise((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => (out += d) && out.includes('\n') && resolve(out));
      child.on('exit', (code) => reject(new Error('exited ' + code)));
    });
    const url = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1];
    const stop = () => new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : (child.on('exit', resolve), child.kill('SIGTERM'))));
    return { url, line, stop };
  };
  /** @param {string | undefined} url @param {string} key */
  const send = (url, key) => postJson(url + '/v1/batch', { batch: [msg('k' + Math.random())], writeKey: key });

  test('write keys from --write-key, WAYMARK_WRITE_KEYS or --config: the unknown key gets 401', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'waymark-cli-'));
    try {
      writeFileSync(join(dir, 'c.json'), JSON.stringify({ keys: [{ writeKey: 'wk_file', origins: ['https://shop.example'] }], readKey: 'rk' }));
      for (const [args, env, key] of /** @type {[string[], Record<string, string>, string][]} */ ([
        [['--write-key', 'wk_flag=https://shop.example', '--write-key', 'wk_two'], {}, 'wk_flag'],
        [[], { WAYMARK_WRITE_KEYS: 'wk_env=https://shop.example' }, 'wk_env'],
        [['--config', join(dir, 'c.json')], {}, 'wk_file'],
      ])) {
        const c = await cli(args, env);
        try {
          expect(c.line).not.toContain('Local mode');
          expect((await send(c.url, key)).status, key).toBe(200);
          expect((await send(c.url, 'YOUR_KEY')).status, key).toBe(401);
        } finally {
          expect(await c.stop()).toBe(0);
        }
      }
      const local = await cli([]);
      expect(local.line).toContain('Local mode');
      await local.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('refuses to listen beyond loopback without write keys', async () => {
    const child = spawn(process.execPath, [CLI, '--port', '0', '--host', '0.0.0.0', '--db', ':memory:']);
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(1);
    expect(err).toMatch(/no write keys configured/);
  });

  test('refuses a bad port', async () => {
    const child = spawn(process.execPath, [CLI, '--port', 'eighty']);
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(2);
    expect(err).toContain('--port');
  });
});
