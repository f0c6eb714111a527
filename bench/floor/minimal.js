// NOT SHIPPED. A measurement, not a library: the smallest honest implementation of the core
// issue's own list (validation and a no-op tracker, identity with 30-minute/campaign
// sessions, page context, Segment-shaped messages, plugins, an IndexedDB outbox through
// idb-keyval with count/bytes/age bounds and exact removal, memory fallback with a timeout
// and one warning, Web Locks with a lease fallback, batches by count/bytes/interval,
// Idempotency-Key, backoff with full jitter and a cap, Retry-After, 413 halving, 4xx drop,
// keepalive flush on hide, beacon on pagehide, online resume, shutdown) written for bytes,
// without the privacy defaults (consent, PII masking, URL scrubbing), careful JSON or the
// developer warnings. `node bench/floor/measure.mjs` bundles and minifies it the way
// scripts/size.mjs measures the real core. It exists to show where the floor is.
import { createStore, promisifyRequest as q } from 'idb-keyval';
const uuid = () => crypto.randomUUID ? crypto.randomUUID() : '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) => (+c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (+c / 4)))).toString(16));
const on = (t, e, f) => (t.addEventListener(e, f), () => t.removeEventListener(e, f));
const RANGE = () => IDBKeyRange.lowerBound([]);
const noop = () => {};
export const createTracker = (c) => {
  try {
    const u = new URL(c.endpoint);
    if (u.protocol == 'https:' || /^(localhost|127\.0\.0\.1|\[::1\])$/.test(u.hostname) || typeof c.transport == 'function') return start(c);
  } catch {}
  console.error('[waymark] config.endpoint must be an https URL, got ' + JSON.stringify(c && c.endpoint) + '. Tracking is off.');
  return { track: noop, page: noop, identify: noop, use: noop, reset: noop, anonymousId: () => '', flush: async () => {}, shutdown: async () => {} };
};
const start = (c) => {
  const num = (k, d) => (c[k] > 0 && c[k] < 1e15 ? c[k] : d);
  const name = c.name || 'waymark', maxEvents = num('maxEvents', 1e4), maxBytes = num('maxBytes', 5e6), maxAge = num('maxAge', 6048e5), batchSize = num('batchSize', 100), cap = num('maxRetryDelay', 6e4);
  // outbox
  let store = createStore(name, 'outbox'), mem, meta0 = { c: 0, b: 0, d: 0 }, list = [];
  const memStore = { get: (k) => (k ? undefined : meta0), put: (v, k) => (k === 0 ? (meta0 = v) : list.push(v)), delete: (k) => (list = list.filter((r) => r.k != k)), getAll: () => list.slice(), count: (k) => +list.some((r) => r.k == k) };
  const run = async (fn) => {
    if (!mem) try {
      let t;
      return await Promise.race([store('readwrite', (s) => fn(s, (r) => q(r))), new Promise((_, n) => (t = setTimeout(n, 1e4)))]).finally(() => clearTimeout(t));
    } catch (e) { mem = 1; console.warn('[waymark] IndexedDB is unavailable: events wait in memory.'); }
    return fn(memStore, (r) => r);
  };
  const tx = (fn) => run(async (s, p) => { const m = (await p(s.get(0))) || { c: 0, b: 0, d: 0 }; const r = await fn(s, m, p); s.put(m, 0); return r; });
  const drop = (s, m, r) => (s.delete(r.k), m.c--, (m.b -= r.n));
  const rm = async (s, m, p, l) => { let n = 0; for (const r of l) if (await p(s.count(r.k))) drop(s, m, r), n++; return n; };
  const outbox = {
    add: (l, x) => tx(async (s, m, p) => { m.d += x; for (const r of l) s.put(r, r.k), m.c++, (m.b += r.n); if (m.c > maxEvents || m.b > maxBytes) for (const r of await p(s.getAll(RANGE()))) if (m.c > maxEvents || m.b > maxBytes) drop(s, m, r), m.d++; }),
    read: (n) => tx(async (s, m, p) => ({ records: (await p(s.getAll(RANGE(), n))).slice(0, n).filter((r) => r.k[0] > Date.now() - maxAge || (drop(s, m, r), m.d++, 0)), dropped: m.d })),
    remove: (l, d) => tx(async (s, m, p) => { await rm(s, m, p, l); m.d = Math.max(0, m.d - d); }),
    reject: (l) => tx(async (s, m, p) => { m.d += await rm(s, m, p, l); }),
  };
  const me = uuid();
  const lock = async (fn) => {
    if (navigator.locks) return navigator.locks.request(name + '-send', { ifAvailable: true }, (l) => l && fn());
    if (await run(async (s, p) => { const l = await p(s.get(1)); if (l && l.o != me && l.e > Date.now()) return; s.put({ o: me, e: Date.now() + 3e4 }, 1); return 1; }))
      try { return await fn(); } finally { await run((s) => s.delete(1)); }
  };
  // sender
  let timer, attempt = 0, running, dead;
  const auth = c.writeKey ? { Authorization: 'Basic ' + btoa(c.writeKey + ':') } : {};
  const fit = (l, max) => { let b = 64, n = 0; while (n < l.length && (!n || b + l[n].n < max)) b += l[n++].n + 1; return l.slice(0, n); };
  const body = (l, d, x) => '{"batch":[' + l.map((r) => r.s) + '],"sentAt":"' + new Date().toISOString() + '","dropped":' + d + (x || '') + '}';
  const key = (l) => l[0].i + '.' + l[l.length - 1].i + '.' + l.length;
  const send = c.transport || (async ({ body, headers, keepalive }) => { const r = await fetch(c.endpoint, { method: 'POST', body, headers, keepalive, credentials: 'omit' }); return { status: r.status, retryAfter: r.headers.get('Retry-After') }; });
  const later = (ms) => { clearTimeout(timer); timer = setTimeout(flush, ms); };
  const drain = async (keep) => {
    let n = batchSize;
    for (;;) {
      const { records, dropped } = await outbox.read(n);
      if (!records.length) return;
      const b = fit(records, keep ? 65e3 : num('batchBytes', 5e5));
      let st = 0, ra;
      try { const r = await send({ url: c.endpoint, body: body(b, dropped), headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key(b), ...auth, ...c.headers }, keepalive: keep }); st = r.status; ra = r.retryAfter; } catch {}
      if (st > 199 && st < 300) attempt = 0, await outbox.remove(b, dropped), b.forEach((r) => mine.delete(r.i));
      else if (st == 413 && b.length > 1) n = b.length >> 1;
      else if (st > 399 && st < 500 && st != 408 && st != 429) await outbox.reject(b), b.forEach((r) => mine.delete(r.i));
      else { const s = +ra; return later(ra ? Math.min(36e5, s >= 0 ? s * 1e3 : Date.parse(ra) - Date.now()) : Math.random() * Math.min(cap, 1e3 * 2 ** attempt++)); }
    }
  };
  const flush = (keep) => (dead || running ? running : (running = lock(() => drain(keep)).catch(noop).finally(() => (running = 0))));
  // identity
  const K = name + ':id';
  let v;
  try { v = JSON.parse(localStorage[K]); } catch {}
  const fresh = () => (v = { a: uuid(), u: null, s: uuid(), l: 0, c: '' });
  if (!v || !v.a) fresh();
  const save = () => { try { localStorage[K] = JSON.stringify(v); } catch {} };
  // events
  const tab = uuid().slice(0, 8), head = uuid().slice(0, 24), mine = new Map(), plugins = [], offs = [];
  let seq = 0, pending = [], refused = 0, wt, writing = Promise.resolve(), gone;
  const record = ([type, event, properties, traits, t, href, pn]) => {
    const url = new URL(href), camp = {};
    let ck = '';
    for (const k of ['source', 'medium', 'name', 'term', 'content']) { const x = url.searchParams.get('utm_' + (k == 'name' ? 'campaign' : k)); if (x) camp[k] = x, (ck += k + x); }
    if (t - v.l > num('sessionTimeout', 18e5) || (ck && ck != v.c)) (v.s = uuid()), (v.c = ck);
    v.l = t;
    const pg = { path: url.pathname, url: href, search: url.search, title: document.title, referrer: document.referrer };
    const m = { type, event, properties: type == 'page' ? { ...pg, ...properties } : properties, traits, context: { page: pg, userAgent: navigator.userAgent, locale: navigator.language, library: { name: 'waymark', version: '0.1.0' }, journey: { sessionId: v.s }, campaign: ck ? camp : undefined }, messageId: head + (seq++).toString(16).padStart(12, '0'), anonymousId: v.a, userId: v.u, timestamp: new Date(t).toISOString(), name: pn };
    for (const p of plugins) try { if (p.enrich && p.enrich(m) === false) return; } catch {}
    let s;
    try { s = JSON.stringify(m); } catch {}
    const n = s ? new Blob([s]).size : 0;
    if (s && n < 32e3) { const r = { k: [t, tab, seq], i: m.messageId, s, n }; mine.set(r.i, r); return r; }
    refused++;
  };
  const persist = () => {
    clearTimeout(wt); wt = 0;
    const l = pending.splice(0).map(record).filter(Boolean), x = refused;
    refused = 0;
    save();
    return (writing = writing.then(() => outbox.add(l, x)).then(() => later(num('flushInterval', 2e3))));
  };
  const beacon = (l) => { let b = fit(l, 64e3); if (b.length) navigator.sendBeacon(c.endpoint, body(b, 0, ',"idempotencyKey":"' + key(b) + '"')); };
  const enqueue = (d) => { pending.push(d); if (gone) persist(), beacon([...mine.values()]); wt ||= setTimeout(persist); };
  const copy = (p) => (p && typeof p == 'object' ? { ...p } : {});
  const api = {
    track: (e, p) => typeof e == 'string' && e && enqueue(['track', e, copy(p), 0, Date.now(), location.href]),
    page: (n, p) => enqueue(['page', 0, copy(p), 0, Date.now(), location.href, n]),
    identify: (u, t) => { persist(); if (u) v.u = u; enqueue(['identify', 0, 0, copy(t), Date.now(), location.href]); },
    use: (p) => { plugins.push(p); const off = p.setup && p.setup(api); off && offs.push(off); },
    reset: () => (persist(), fresh(), save()),
    anonymousId: () => v.a,
    flush: async () => { await persist(); await flush(); },
    shutdown: async () => { dead = 1; offs.splice(0).forEach((f) => f()); clearTimeout(timer); await persist(); },
  };
  offs.push(
    on(document, 'visibilitychange', () => document.visibilityState == 'hidden' && (persist(), flush(1))),
    on(window, 'pagehide', () => ((gone = 1), persist(), beacon([...mine.values()]))),
    on(window, 'pageshow', () => (gone = 0)),
    on(window, 'online', () => ((attempt = 0), flush())),
  );
  (c.plugins || []).forEach(api.use);
  const out = {};
  for (const k in api) out[k] = (...a) => { try { return api[k](...a); } catch {} };
  return out;
};
