// The main job end to end: simulated visitors walk the demo shop (through its script tag) into
// the SQLite collector, then the journey dashboard, opened in Chromium, must show the numbers
// the database holds. A screenshot of it is left in test-results/ for a person to look at.
import { test, expect, until } from './fixtures.js';
// @ts-expect-error: plain JavaScript modules without type declarations
import { startCollector } from '../../collector/src/server.js';
// @ts-expect-error: see above
import { startShop } from '../../examples/shop/server.mjs';
// @ts-expect-error: see above
import { runVisitors, PROFILES } from '../../scripts/visitors.mjs';

type Db = { prepare(sql: string): { all(...a: unknown[]): any[]; get(...a: unknown[]): any } };
const STAGES = ['awareness', 'consideration', 'decision', 'purchase', 'retention', 'advocacy'];

/** Visitors who reached each stage, from the raw rows: the furthest stage any of their events carries. */
const funnelFromDb = (db: Db) => {
  const furthest = new Map<string, number>();
  for (const r of db.prepare('SELECT anonymous_id, stage, furthest_stage FROM events').all()) {
    const i = Math.max(STAGES.indexOf(r.stage), STAGES.indexOf(r.furthest_stage));
    furthest.set(r.anonymous_id, Math.max(furthest.get(r.anonymous_id) ?? -1, i));
  }
  return STAGES.map((_, i) => [...furthest.values()].filter((f) => f >= i).length);
};

const visitorsWith = (db: Db, event: string) => db.prepare('SELECT COUNT(DISTINCT anonymous_id) AS n FROM events WHERE event = ?').get(event).n as number;

test('simulated visitors fill the dashboard, and its funnel shows the database counts', async ({ browser, page }, info) => {
  test.setTimeout(180_000);
  const collector = await startCollector({ port: 0, db: ':memory:', quiet: true, trustClientClock: true });
  const shop = await startShop({ port: 0, endpoint: collector.endpoint });
  try {
    // One visitor per path: bounce, browse, abandon cart, abandon checkout at steps 1, 2, 3,
    // buy, return and buy again, buy and review.
    const done = await runVisitors({ shop: shop.url, count: PROFILES.length, concurrency: 2, browser });
    expect(done.map((v: { profile: string }) => v.profile)).toEqual(PROFILES);
    const db = collector.db as Db;
    await until(() => visitorsWith(db, 'Order Completed') >= 3 && visitorsWith(db, 'Product Reviewed') >= 1, 20000, 'orders and review stored');

    // What the paths must have produced, whatever the dashboard says.
    expect(
      new Set(
        db
          .prepare('SELECT anonymous_id FROM events')
          .all()
          .map((r) => r.anonymous_id),
      ).size,
    ).toBe(9);
    expect(visitorsWith(db, 'Order Completed')).toBe(3);
    expect(db.prepare("SELECT COUNT(*) AS n FROM events WHERE event = 'Order Completed'").get().n).toBe(4);
    expect(db.prepare("SELECT COUNT(*) AS n FROM events WHERE event = 'Cart Abandoned'").get().n).toBe(1);
    const abandonedAt = db.prepare("SELECT json_extract(properties, '$.step') AS step FROM events WHERE event = 'Checkout Abandoned' ORDER BY 1").all();
    expect(abandonedAt.map((r) => r.step)).toEqual([1, 2, 3]);
    const funnel = funnelFromDb(db);
    expect(funnel).toEqual([9, 8, 7, 3, 2, 1]);

    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(collector.url + '/');
    const rows = page.locator('.funnel-row[data-stage]');
    await expect(rows).toHaveCount(STAGES.length);
    const shown = await rows.evaluateAll((gs) => gs.map((g) => [g.getAttribute('data-stage'), Number(g.getAttribute('data-count')), g.textContent]));
    expect(shown.map((r) => r[0])).toEqual(STAGES);
    expect(shown.map((r) => r[1])).toEqual(funnel);
    // the number a person reads on each bar is the same one
    shown.forEach(([, count, text]) => expect(String(text)).toContain(String(count)));
    // drop-off per checkout step and abandoned carts, as the database has them
    const steps = await page
      .locator('[data-step^="step-"][data-viewed]')
      .evaluateAll((gs) => gs.map((g) => [Number(g.getAttribute('data-step')!.slice(5)), Number(g.getAttribute('data-viewed')), Number(g.getAttribute('data-completed'))]));
    const reached = (step: number, event: string) =>
      db.prepare("SELECT COUNT(DISTINCT anonymous_id) AS n FROM events WHERE event = ? AND json_extract(properties, '$.step') = ?").get(event, step).n;
    expect(steps.map((s) => s[0])).toEqual([1, 2, 3]);
    for (const [step, viewed, completed] of steps) {
      expect(viewed).toBe(reached(step!, 'Checkout Step Viewed'));
      expect(completed).toBe(reached(step!, 'Checkout Step Completed'));
    }
    // each abandoning visitor dropped off at their own step: 6 viewed step 1, one fewer each step
    expect(steps.map((s) => s[1])).toEqual([6, 5, 4]);
    await expect(page.locator('[data-carts]')).toHaveAttribute('data-carts', '1');

    const path = 'test-results/demo-dashboard.png';
    await page.screenshot({ path, fullPage: true });
    await info.attach('dashboard', { path, contentType: 'image/png' });
  } finally {
    await shop.close();
    await collector.close();
  }
});
