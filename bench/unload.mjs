// Which write survives a page that goes at once, in Chromium: IndexedDB (a readwrite
// transaction with an explicit commit(), or left to auto-commit) or a synchronous
// localStorage spill, each issued inside the pagehide handler of a page whose click handler
// tracked N events and then navigated (location.href) or was closed in the same task. The
// next page counts what it finds. Run from the repository root:
//
//   node bench/unload.mjs            (UNLOAD_TRIALS=10 per cell, UNLOAD_N=300 events)
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';

const TRIALS = Number(process.env.UNLOAD_TRIALS) || 10;
const N = Number(process.env.UNLOAD_N) || 300;
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const PAGE = `<!doctype html><meta charset="utf-8"><script>
const q = new URLSearchParams(location.search), mode = q.get('mode'), trial = q.get('trial');
let db, other, pending = [];
const open = indexedDB.open('m', 1);
open.onupgradeneeded = () => open.result.createObjectStore('s');
open.onsuccess = () => ((db = open.result), (window.ready = !!other));
// a database of its own for the spill, where no transaction of the page can be in flight
const open2 = indexedDB.open('m2', 1);
open2.onupgradeneeded = () => open2.result.createObjectStore('s');
open2.onsuccess = () => ((other = open2.result), (window.ready = !!db));
// an event of ordinary size: about 700 bytes of JSON
const event = (i) => JSON.stringify({ type: 'track', event: 'Product Added', messageId: crypto.randomUUID(), properties: { i, product_id: 'sku-' + i, name: 'A product with a name', price: 19.99, currency: 'EUR', quantity: 1 }, context: { page: { path: '/p', url: location.href, title: 'A shop', referrer: '' }, userAgent: navigator.userAgent, locale: 'en' }, timestamp: new Date().toISOString() });
window.go = (exit) => {
  for (let i = 0; i < ${N}; i++) pending.push(event(i));
  // a write of the page's own still in flight (as the outbox's usually is), on the same store
  if (mode.endsWith('busy')) {
    const tx = db.transaction('s', 'readwrite'), s = tx.objectStore('s');
    s.get('meta').onsuccess = () => pending.forEach((e, i) => s.put(e, 'busy' + trial + '-' + i));
  }
  if (exit == 'nav') location.href = '/next';
};
addEventListener('pagehide', () => {
  if (mode.startsWith('ls')) return localStorage.setItem('spill-' + trial, JSON.stringify(pending));
  const tx = (mode.includes('other') ? other : db).transaction('s', 'readwrite'), s = tx.objectStore('s');
  pending.forEach((e, i) => s.put(e, trial + '-' + i));
  if (mode.startsWith('idb-commit')) tx.commit();
});
</script>`;
const NEXT = `<!doctype html><meta charset="utf-8"><script>
window.count = (trial, name) => new Promise((done) => {
  const ls = JSON.parse(localStorage.getItem('spill-' + trial) || '[]').length;
  const open = indexedDB.open(name, 1);
  open.onupgradeneeded = () => open.result.createObjectStore('s');
  open.onsuccess = () => {
    const r = open.result.transaction('s').objectStore('s').getAllKeys(IDBKeyRange.bound(trial + '-', trial + '-\\uffff'));
    r.onsuccess = () => done({ ls, idb: r.result.length });
  };
});
</script>`;

const server = createServer((req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(req.url.startsWith('/next') ? NEXT : PAGE));
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = 'http://127.0.0.1:' + server.address().port;
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
const context = await browser.newContext();
const rows = [];
let trialNo = 0;
const MODES = process.env.UNLOAD_MODES?.split(',') || ['idb-commit', 'idb-commit-busy', 'idb-commit-busy-other', 'idb-auto', 'ls', 'ls-busy'];
for (const mode of MODES)
  for (const exit of ['nav', 'close']) {
    let full = 0;
    let kept = 0;
    for (let t = 0; t < TRIALS; t++) {
      const trial = String(++trialNo);
      const page = await context.newPage();
      await page.goto(origin + '/?mode=' + mode + '&trial=' + trial);
      await page.waitForFunction(() => window.ready);
      if (exit == 'nav') {
        await page.evaluate(() => window.go('nav'));
        await page.waitForURL('**/next');
      } else {
        await page.evaluate(() => window.go('close'));
        await page.close({ runBeforeUnload: true });
      }
      const next = exit == 'nav' ? page : await context.newPage();
      if (exit != 'nav') await next.goto(origin + '/next');
      await next.waitForTimeout(300);
      let c = await next.evaluate((a) => window.count(...a), [trial, mode.includes('other') ? 'm2' : 'm']);
      // late, not lost? look again
      if (Math.max(c.ls, c.idb) < N) await next.waitForTimeout(3000), (c = await next.evaluate((a) => window.count(...a), [trial, mode.includes('other') ? 'm2' : 'm']));
      const got = mode.startsWith('ls') ? c.ls : c.idb;
      kept += got;
      if (got == N) full++;
      await next.close();
    }
    rows.push({ mode, exit, trials: TRIALS, 'all kept': full, 'events kept': kept + ' / ' + TRIALS * N });
  }
console.table(rows);
await browser.close();
server.close();
