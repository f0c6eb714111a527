// Seeded chaos: bursts of events in one to three tabs that stay, navigate, reload or close in
// the same task as the calls; tabs opened and closed; the network offline; a collector that
// is down, answers 5xx, 408 or 429 with Retry-After, resets connections, never answers, or
// stores a batch and loses the answer or answers after the sender gave up. Then the collector recovers and one more page opens:
// every event tracked must have arrived, under one messageId, and nothing may be dropped.
//
// Every repeat delivery is put down to its cause (see `causes`); a repeat no cause explains
// fails the test. `npm test` runs the seeds below; `node bench/chaos.mjs` runs many more and
// sums the causes (CHAOS_SEEDS="1-40", CHAOS_STEPS steps a seed).
import { mkdirSync, writeFileSync } from 'node:fs';
import type { BrowserContext, Page } from '@playwright/test';
import { test, expect, until, withoutWebLocks } from './fixtures.js';
import type { Answer, Received } from './server.js';

const seeds = (process.env.CHAOS_SEEDS || '1-6').split(',').flatMap((part) => {
  const [a, b = a] = part.split('-').map(Number);
  return Array.from({ length: b! - a! + 1 }, (_, i) => a! + i);
});
const STEPS = Number(process.env.CHAOS_STEPS) || 40;

// mulberry32: a small seeded PRNG, so a failing seed replays exactly (but for timing)
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/** Why an event arrived again; the first three are at-least-once doing its job. */
export const CAUSES = {
  beaconFirst: 'first copy by an unload beacon (its answer cannot be read), sent again by a later page',
  answerLost: 'the collector stored the batch, but the sender never saw the answer (a reset, or its timeout ran out first)',
  pageGone: 'answered while its page was going (the keepalive flush at hide), sent again by a later page',
  beaconRepeat: 'an unload beacon repeated an event already delivered and answered',
  unexplained: 'none of the above',
};
type Cause = keyof typeof CAUSES;

/** Every repeat copy of an event, with the cause its earlier copies explain. */
const causes = (received: Received[], exits: number[]) => {
  const copies = new Map<string, Received[]>();
  for (const r of received) for (const id of r.ids) copies.set(id, [...(copies.get(id) || []), r]);
  const count: Record<Cause, number> = { beaconFirst: 0, answerLost: 0, pageGone: 0, beaconRepeat: 0, unexplained: 0 };
  const beacon = (r: Received) => r.headers['sec-fetch-mode'] == 'no-cors';
  for (const list of copies.values())
    for (let i = 1; i < list.length; i++) {
      const before = list.slice(0, i);
      const cause: Cause = before.some(beacon)
        ? 'beaconFirst'
        : before.some((r) => r.lost)
          ? 'answerLost'
          : beacon(list[i]!)
            ? 'beaconRepeat'
            : before.some((r) => exits.some((x) => r.at > x - 3000 && r.at < x + 500))
              ? 'pageGone'
              : 'unexplained';
      count[cause]++;
    }
  return count;
};

// seeds are independent: spread them over the workers
test.describe.configure({ mode: 'parallel' });

for (const seed of seeds)
  test(`chaos, seed ${seed}: nothing lost, every repeat explained`, async ({ browser, collector }) => {
    test.setTimeout(150_000);
    const r = prng(seed);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
    const started = Date.now();
    const context: BrowserContext = await browser.newContext();
    // a third of the seeds run as on an http page, where there are no Web Locks: the lease
    const noLocks = seed % 3 == 0;
    if (noLocks) await withoutWebLocks(context);
    const tracked: string[] = [];
    const exits: number[] = [];
    const tabs: Page[] = [];
    // what each step did, for the report of a seed that lost events
    const log: string[] = [];
    let offline = false;
    let step = 0;
    // Playwright refuses now and then while a page of the context is still closing: retried
    const setOffline = async (value: boolean) => {
      for (let i = 0; ; i++)
        try {
          return await context.setOffline((offline = value));
        } catch (e) {
          if (i == 5) throw e;
          await new Promise((r) => setTimeout(r, 200));
        }
    };
    const query = () => `?interval=${pick([50, 300, 2000])}&batch=${pick([20, 100])}&retry=1000&timeout=3000`;
    const openTab = async () => {
      const page = await context.newPage();
      // a page cannot load offline: the visitor is back online (set once the page is there:
      // Playwright cannot change a context that has no page)
      if (offline) await setOffline(false);
      await page.goto(collector.origin + '/test/e2e/pages/basic.html' + query());
      await page.waitForFunction(() => !!(window as any).wm);
      tabs.push(page);
      return page;
    };
    // n events tracked in one task, then the page stays, navigates, reloads or is closed in
    // that same task: the most common pattern of shops' code, and the hardest for delivery
    const burst = async (page: Page, exit: 'stay' | 'nav' | 'reload' | 'close') => {
      const ids = Array.from({ length: 1 + Math.floor(r() * 120) }, (_, i) => seed + '.' + step + '.' + i);
      tracked.push(...ids);
      log[step] =
        `burst of ${ids.length}, then ${exit} (tab ${tabs.indexOf(page)} of ${tabs.length}, ${offline ? 'offline' : 'online'}, collector ${collector.state.down ? 'down' : 'up'}, plan ${JSON.stringify(collector.plan)})`;
      const next = '/test/e2e/pages/basic.html' + query() + '&step=' + step;
      await page.evaluate(
        ([ids, exit, next]) => {
          const b = document.createElement('button');
          b.id = 'go';
          b.onclick = () => {
            for (const cid of ids as string[]) (window as any).wm.track('Chaos Event', { cid });
            if (exit == 'nav') location.href = next as string;
            if (exit == 'reload') location.reload();
          };
          document.getElementById('go')?.remove();
          document.body.append(b);
        },
        [ids, exit, next] as const,
      );
      if (exit != 'stay') exits.push(Date.now());
      if (exit == 'close') {
        await page.click('#go', { noWaitAfter: true });
        await page.close({ runBeforeUnload: true });
        tabs.splice(tabs.indexOf(page), 1);
        return;
      }
      if (exit == 'stay') return page.click('#go');
      await Promise.all([page.waitForEvent('load'), page.click('#go', { noWaitAfter: true })]);
      await page.waitForFunction(() => !!(window as any).wm);
    };
    const answers: Answer[] = [500, { status: 503, retryAfter: '1' }, { status: 429, retryAfter: '1' }, 408, 'reset', 'lost', 'hang', 'slow'];

    await openTab();
    for (; step < STEPS; step++) {
      const page = tabs.length ? pick(tabs) : await openTab();
      const action = r();
      if (action < 0.45) {
        // offline, a page can stay or close: a navigation would land on an error page
        await burst(page, offline ? pick(['stay', 'close'] as const) : pick(['stay', 'stay', 'nav', 'reload', 'close'] as const));
      } else if (action < 0.6) {
        for (let i = Math.floor(r() * 3) + 1; i > 0; i--) collector.plan.push(pick(answers));
      } else if (action < 0.7) {
        collector.state.down = !collector.state.down;
      } else if (action < 0.78) {
        await setOffline(!offline);
      } else if (action < 0.86) {
        if (tabs.length < 3) await openTab();
      } else if (action < 0.9) {
        if (tabs.length > 1) {
          exits.push(Date.now());
          await page.close({ runBeforeUnload: true });
          tabs.splice(tabs.indexOf(page), 1);
        }
      } else await page.waitForTimeout(50 + r() * 1500);
    }

    // The collector recovers and the visitor comes back: everything must arrive.
    collector.plan.length = 0;
    collector.state.down = false;
    await setOffline(false);
    await openTab();
    for (const page of tabs) await page.evaluate(() => (window as any).wm.flush()).catch(() => {});
    const want = new Set(tracked);
    const arrived = () => new Set(collector.events().map((m) => (m as any).properties?.cid as string));
    await until(() => [...want].every((cid) => arrived().has(cid)), 45_000, 'every event delivered').catch(() => {});
    // late repeats (a retry, a beacon) have time to arrive and be counted
    await tabs[0]!.waitForTimeout(1500);

    const events = collector.events();
    const got = arrived();
    const lost = [...want].filter((cid) => !got.has(cid));
    // one messageId per event tracked: a collector that de-duplicates by messageId counts it once
    const idsPerEvent = new Map<string, Set<string>>();
    for (const m of events) {
      const cid = (m as any).properties?.cid as string;
      idsPerEvent.set(cid, (idsPerEvent.get(cid) || new Set()).add(m.messageId));
    }
    const split = [...idsPerEvent].filter(([, ids]) => ids.size > 1).map(([cid]) => cid);
    const dropped = collector.received.reduce((n, b) => n + (Number(b.body.dropped) || 0), 0);
    const repeats = causes(collector.received, exits);
    const report = {
      seed,
      steps: STEPS,
      webLocks: !noLocks,
      tracked: want.size,
      delivered: got.size,
      lost: lost.length,
      copies: events.length,
      duplicates: events.length - new Set(events.map((m) => m.messageId)).size,
      causes: repeats,
      requests: collector.answered.length,
      beacons: collector.received.filter((b) => b.headers['sec-fetch-mode'] == 'no-cors').length,
      ms: Date.now() - started,
      // the steps whose events never arrived, with what each step did
      lostAt: [...new Set(lost.map((cid) => Number(cid.split('.')[1])))].map((at) => at + ': ' + log[at]),
    };
    mkdirSync('test-results/chaos', { recursive: true });
    writeFileSync('test-results/chaos/seed-' + seed + '.json', JSON.stringify(report, null, 2));
    test.info().annotations.push({ type: 'chaos', description: JSON.stringify(report) });
    await context.close();

    expect(lost, 'events never delivered').toEqual([]);
    expect(split, 'events delivered under two messageIds').toEqual([]);
    expect(dropped, 'events dropped by the SDK').toBe(0);
    expect(got.size, 'events nobody tracked').toBe(want.size);
    expect(repeats.unexplained, 'repeats no cause explains').toBe(0);
  });
