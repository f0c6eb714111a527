// Ground truth, asserted (issue 11, item 5): simulated visitors walk the real demo shop through
// its script tag into the collector, each recording what it did (scripts/visitors.mjs); after
// the collector's abandonment sweep, the summary API must equal that truth exactly: visitors,
// visits, visitors per stage, abandoned carts and checkouts by step and by channel, and their
// value (scripts/truth.mjs, the comparison the demo prints too).
//
// Each batch covers every exit kind (tab closed and never back, page left open past the window,
// back after the window, back within it to buy) crossed with cart, checkout step 1, 2, 3 and
// order, plus visitors drawn from the seed. The window is the real 30 minutes on both sides:
// the visitors' clocks (Playwright's) jump past it, and the sweep runs at a time after them all.
import { test, expect } from './fixtures.js';
// @ts-expect-error: plain JavaScript modules without type declarations
import { startCollector } from '../../collector/src/server.js';
// @ts-expect-error: see above
import { startShop } from '../../examples/shop/server.mjs';
// @ts-expect-error: see above
import { runVisitors, coveragePlans, EXITS } from '../../scripts/visitors.mjs';
// @ts-expect-error: see above
import { compareTruth, describeTruth } from '../../scripts/truth.mjs';

type Truth = { exit: string; depth: string };

for (const seed of [1, 2]) {
  test(`seed ${seed}: 30 visitors, every exit kind at every depth; the summary equals their ground truth`, async ({ browser }, info) => {
    test.setTimeout(240_000);
    const collector = await startCollector({ port: 0, db: ':memory:', quiet: true, trustClientClock: true, sweepInterval: 0, rateLimit: false });
    const shop = await startShop({ port: 0, endpoint: collector.endpoint });
    try {
      const plans = coveragePlans(30, seed);
      const truth: Truth[] = await runVisitors({ shop: shop.url, plans, concurrency: 2, browser });
      expect(truth).toHaveLength(30);
      // the batch covers what it claims: each exit kind with a cart, checkout steps 1-3 and an order
      for (const exit of EXITS)
        for (const depth of ['cart', 'step1', 'step2', 'step3', 'order'])
          expect(
            truth.some((v) => v.exit == exit && v.depth == depth),
            depth + ' ' + exit,
          ).toBe(true);
      await info.attach('truth', { body: describeTruth(truth).join('\n'), contentType: 'text/plain' });

      // After every visitor's clock: each window has ended. Beacons may still be arriving, and a
      // late one cancels what a sweep derived, so sweep and compare until they agree.
      const now = new Date(Date.now() + 7 * 24 * 3600_000).toISOString();
      let differences: string[] = [];
      for (const end = Date.now() + 20_000; ; await new Promise((r) => setTimeout(r, 250))) {
        await collector.sweep({ now });
        differences = compareTruth(await collector.summary(), truth);
        if (!differences.length || Date.now() > end) break;
      }
      expect(differences).toEqual([]);
    } finally {
      await shop.close();
      await collector.close();
    }
  });
}
