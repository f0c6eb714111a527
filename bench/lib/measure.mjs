// The measurements, each in a fresh browser context (fresh storage) against a collector of
// its own (its own origin too), so that delivery measurements can run side by side.
// Main-thread time is Chromium's own TaskDuration (CDP Performance.getMetrics): the time the
// page's main thread spent running tasks, so idle waiting is not counted and async work an
// SDK defers (storage writes, serialising, sending) is.
import { startCollector } from './collector.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** How long after init an SDK may keep working (settings, storage) before we measure calls. */
const SETTLE_MS = 1000;
/** The shortest window over which the main-thread time of 1,000 calls is summed. */
const TRACK_WINDOW_MS = 3000;
const POLL_MS = 250;

// Runs in every page before any script: silences the console (Playwright forwards every
// console call over its debugging connection, which would slow chatty SDKs) and records
// long tasks.
const preamble = (debug) => {
  if (!debug) for (const k of ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table']) console[k] = () => {};
  window.__longtasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longtasks.push(e.duration);
  }).observe({ type: 'longtask', buffered: true });
};

export const createMeasure = ({ browser, dirs, debug }) => {
  // Runs `fn(context, collector)` in a fresh context against a fresh collector.
  const fresh = async (fn) => {
    const collector = await startCollector(dirs);
    const context = await newContext();
    try {
      return await fn(context, collector);
    } finally {
      await context.close();
      await collector.close();
    }
  };

  const newContext = async () => {
    const context = await browser.newContext();
    await context.addInitScript(preamble, debug);
    return context;
  };

  const openPage = async (context, collector) => {
    const page = await context.newPage();
    if (debug) page.on('console', (m) => console.log('[page]', m.type(), m.text().slice(0, 200)));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(collector.origin + '/page.html');
    return { page, cdp };
  };

  const busy = async (cdp) => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name == 'TaskDuration').value * 1000;

  // Loads the SDK's scripts into the page and calls its init; resolves with the wall time.
  const start = async (page, variant, collector) => {
    const work = page.evaluate(
      async ({ scripts, cfg }) => {
        const load = (src, module) =>
          new Promise((ok, fail) => {
            const s = document.createElement('script');
            if (module) s.type = 'module';
            s.src = src;
            s.onload = ok;
            s.onerror = () => fail(new Error('could not load ' + src));
            document.head.append(s);
          });
        const t0 = performance.now();
        for (const s of scripts) await load(s.src, s.module);
        await window.bench.init(cfg);
        return performance.now() - t0;
      },
      { scripts: variant.scripts, cfg: { origin: collector.origin, ...variant.cfg } },
    );
    let timer;
    const timeout = new Promise((_, fail) => (timer = setTimeout(() => fail(new Error('init did not finish in 15 s')), 15000)));
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  };

  // The calls run in one task of the page's own (a timer), not in the debugger's evaluate,
  // so that the browser's long-task observer sees it like any other task.
  const track = (page, run, from, n) =>
    page.evaluate(
      ({ run, from, n }) =>
        new Promise((done) =>
          setTimeout(() => {
            const t0 = performance.now();
            for (let i = from; i < from + n; i++)
              window.bench.track('Product Viewed', { bench_id: 'B' + run + 'x' + i + 'x', product_id: 'sku-' + (i % 50), price: 20, currency: 'EUR' });
            done(performance.now() - t0);
          }),
        ),
      { run, from, n },
    );

  // Waits until `n` events of `run` arrived, or the SDK has stopped: nothing new arrived for
  // `idle` ms after the first event and, when the page's `cdp` is given, its main thread was
  // not busy meanwhile (some SDKs spend many seconds of CPU between two requests of a burst).
  // Or `cap` ms passed. Bounded either way.
  const delivered = async (collector, run, n, cap, idle, cdp) => {
    const end = Date.now() + cap;
    let last = -1;
    let lastChange = Date.now();
    let lastBusy = cdp ? await busy(cdp) : 0;
    for (;;) {
      const c = collector.count(run);
      const now = Date.now();
      if (c.unique != last) (last = c.unique), (lastChange = now);
      if (cdp) {
        const b = await busy(cdp);
        // Over a quarter of the last poll spent on the main thread: still working.
        if (b - lastBusy > 0.25 * POLL_MS) lastChange = now;
        lastBusy = b;
      }
      if (c.unique >= n || now > end || (c.unique > 0 && now - lastChange > idle)) return c;
      await sleep(POLL_MS);
    }
  };

  let runs = 0;
  const runId = () => (++runs).toString(36) + Math.random().toString(36).slice(2, 6);

  /** Init time, 1,000 calls, long tasks, and delivery of the 1,000 with the network up. */
  const timings = (variant) =>
    fresh(async (context, collector) => {
      const { page, cdp } = await openPage(context, collector);
      const b0 = await busy(cdp);
      const initWall = await start(page, variant, collector);
      await sleep(SETTLE_MS);
      const b1 = await busy(cdp);
      await page.evaluate(() => (window.__longtasks = []));
      const run = runId();
      const t0 = Date.now();
      const b2 = await busy(cdp);
      const sync = await track(page, run, 0, 1000);
      const got = variant.timingsOnly && !variant.delivers ? { unique: 0, duplicates: 0, requests: 0 } : await delivered(collector, run, 1000, 40000, 6000, cdp);
      await sleep(Math.max(500, TRACK_WINDOW_MS - (Date.now() - t0)));
      const b3 = await busy(cdp);
      const long = await page.evaluate(() => window.__longtasks);
      // Which of the SDK's files the page fetched, lazy chunks included, by the end.
      const bundles = collector.fetched().map((f) => f.path);
      return {
        initMs: b1 - b0,
        initWallMs: initWall,
        trackSyncMs: sync,
        trackMs: b3 - b2,
        longTasks: long.length,
        longTaskMs: long.reduce((s, d) => s + d, 0),
        up: got.unique,
        upDuplicates: got.duplicates,
        upRequests: got.requests,
        bundles,
      };
    });

  /** 50 events, then the page closed at once; then what a new page of the site delivers. */
  const close = (variant) =>
    fresh(async (context, collector) => {
      let { page } = await openPage(context, collector);
      await start(page, variant, collector);
      await sleep(500);
      const run = runId();
      await track(page, run, 0, 50);
      await page.close({ runBeforeUnload: true });
      const atClose = await delivered(collector, run, 50, 3000, 1000);
      ({ page } = await openPage(context, collector));
      await start(page, variant, collector);
      const after = await delivered(collector, run, 50, 10000, 5000);
      return { closed: atClose.unique, reopened: after.unique, closeDuplicates: after.duplicates };
    });

  /**
   * 50 events tracked during an outage, a reload during the outage, then the network back;
   * then, for SDKs that only retry when a page loads, the site opened once more.
   * setOffline alone does not stop requests made while a page unloads, so the collector
   * also refuses connections. With `tabs` > 1, that many tabs of the site share the calls.
   */
  const offline = (variant, tabs = 1) =>
    fresh(async (context, collector) => {
      const pages = [];
      for (let t = 0; t < tabs; t++) pages.push((await openPage(context, collector)).page);
      for (const p of pages) await start(p, variant, collector);
      await sleep(500);
      const run = runId();
      collector.state.down = true;
      await context.setOffline(true);
      const per = 50 / tabs;
      await Promise.all(pages.map((p, t) => track(p, run, t * per, per)));
      await sleep(500);
      // Back on the network to load the page again, but the collector still refuses.
      await context.setOffline(false);
      for (const p of pages) await p.reload();
      for (const p of pages) await start(p, variant, collector);
      await sleep(1000);
      collector.state.down = false;
      // The network comes back: the browser fires `online`, which SDKs may listen to.
      await context.setOffline(true);
      await sleep(100);
      await context.setOffline(false);
      const online = await delivered(collector, run, 50, 10000, 4000);
      let again = online;
      if (online.unique < 50) {
        await pages[0].reload();
        await start(pages[0], variant, collector);
        again = await delivered(collector, run, 50, 6000, 4000);
      }
      return { offline: online.unique, offlineNext: again.unique, offlineDuplicates: again.duplicates };
    });

  /** Two tabs of one site: 500 events each at once with the network up. */
  const twoTabs = (variant) =>
    fresh(async (context, collector) => {
      const [a, b] = [await openPage(context, collector), await openPage(context, collector)];
      const pages = [a.page, b.page];
      for (const p of pages) await start(p, variant, collector);
      await sleep(500);
      const run = runId();
      await Promise.all(pages.map((p, t) => track(p, run, t * 500, 500)));
      const got = await delivered(collector, run, 1000, 40000, 6000, a.cdp);
      return { tabsUp: got.unique, tabsUpDuplicates: got.duplicates };
    });

  return { timings, close, offline, twoTabs };
};
