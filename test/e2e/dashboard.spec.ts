// The journey dashboard (issue 14), driven as a person would: seeded simulated visitors walk the
// demo shop into the collector (scripts/visitors.mjs, as in truth.spec.ts), then the dashboard
// is opened in Chromium and used: a range preset, compare to the previous period, a custom
// range, a segment, the trends interval, a custom funnel built step by step, CSV exports, back
// and forward, a reload. In every view the figures on screen must equal the API's answer for the
// same filters, and where the simulator knows the answer (its ground truth: scripts/truth.mjs,
// and the truth records for one channel) they must equal that too. No console error, no CSP
// violation, no failed API call anywhere. A screenshot of each view goes to
// test-results/dashboard/ (UPDATE_DOCS_SCREENSHOT=1 also rewrites docs/dashboard.png).
import { mkdirSync, readFileSync } from 'node:fs';
import { test, expect } from './fixtures.js';
// @ts-expect-error: plain JavaScript modules without type declarations
import { startCollector } from '../../collector/src/server.js';
// @ts-expect-error: see above
import { startShop } from '../../examples/shop/server.mjs';
// @ts-expect-error: see above
import { runVisitors, coveragePlans } from '../../scripts/visitors.mjs';
// @ts-expect-error: see above
import { compareTruth, expectedSummary, STAGES } from '../../scripts/truth.mjs';

type Truth = {
  channel: string;
  depth: string;
  furthest: string;
  ordered: boolean;
  orders: number;
  visits: number;
  abandoned: null | { kind: string; value: number; channel: string };
};

const VISITORS = 22;
const SEED = 1;
const OUT = 'test-results/dashboard';
const cents = (n: number) => Math.round(n * 100) / 100;
const eur0 = (v: number) => new Intl.NumberFormat('en', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(v);
const eur2 = (v: number) => new Intl.NumberFormat('en', { style: 'currency', currency: 'EUR', minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v);
const rate = (r: number) => (Math.round(r * 1000) / 10).toFixed(1) + ' %';
// what a tile says about the previous period (written out here, not imported from the page)
const changeText = (now: number, before: number) => {
  if (now == before) return 'no change vs previous';
  if (!before) return 'new vs previous (was 0)';
  const p = Math.round(((now - before) / Math.abs(before)) * 100);
  return (p > 0 || (p == 0 && now > before) ? '+' : '−') + Math.abs(p) + ' % vs previous';
};
// a datetime-local value in the page's time zone (the context runs in UTC)
const local = (ms: number) => new Date(ms).toISOString().slice(0, 16);

test('dashboard: range, compare, segment, trends, custom funnel and CSV show the API and the ground truth', async ({ browser }, info) => {
  test.setTimeout(240_000);
  const collector = await startCollector({ port: 0, db: ':memory:', quiet: true, trustClientClock: true, sweepInterval: 0, rateLimit: false });
  const shop = await startShop({ port: 0, endpoint: collector.endpoint });
  const started = Date.now();
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, timezoneId: 'UTC', acceptDownloads: true });
  try {
    const truth: Truth[] = await runVisitors({ shop: shop.url, plans: coveragePlans(VISITORS, SEED), concurrency: 2, browser });
    expect(truth).toHaveLength(VISITORS);
    // after every visitor's clock: each abandonment window has ended (late beacons cancel what a
    // sweep derived, so sweep until the summary equals the truth, as truth.spec.ts does)
    const now = new Date(Date.now() + 7 * 24 * 3600_000).toISOString();
    let differences: string[] = [];
    for (const end = Date.now() + 20_000; ; await new Promise((r) => setTimeout(r, 250))) {
      await collector.sweep({ now });
      differences = compareTruth(await collector.summary(), truth);
      if (!differences.length || Date.now() > end) break;
    }
    expect(differences).toEqual([]);
    const want = expectedSummary(truth);
    const abandonedTotal = cents(want.carts.value + want.checkouts.value);
    const buyers = truth.filter((v) => v.ordered).length;

    // Every view is checked for console errors, CSP violations and failed API calls.
    const problems: string[] = [];
    const page = await context.newPage();
    page.on('console', (m) => (m.type() == 'error' || m.type() == 'warning') && problems.push(`console ${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => problems.push('page error: ' + e.message));
    page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()} ${r.url()}`));
    await page.exposeFunction('cspViolation', (v: string) => problems.push('CSP violation: ' + v));
    await page.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) => (window as any).cspViolation(`${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`)),
    );

    // The page says which view it shows and when every panel has drawn it.
    const settled = () => page.waitForFunction(() => !!document.body.dataset.rendered && document.body.dataset.rendered == document.body.dataset.view, null, { timeout: 15_000 });
    const query = () => page.evaluate(() => document.body.dataset.query ?? '');
    const api = async (path: string, q: string, extra: Record<string, string> = {}) => {
      const params = new URLSearchParams(q);
      for (const [k, v] of Object.entries(extra)) params.set(k, v);
      const res = await context.request.get(`${collector.url}${path}?${params}`);
      expect(res.status(), path).toBe(200);
      return res.json();
    };
    const kpi = (name: string) => page.locator(`[data-kpi="${name}"]`);
    const views: string[] = [];
    const shot = async (name: string) => {
      await page.waitForTimeout(150);
      const path = `${OUT}/${name}.png`;
      await page.screenshot({ path, fullPage: true });
      await info.attach(name, { path, contentType: 'image/png' });
      views.push(name);
      expect(problems, 'in view ' + name).toEqual([]);
    };
    // the tiles, the tables and the charts' figures against the API's answers for the page's filters
    const matchesApi = async () => {
      const q = await query();
      const s = await api('/api/summary', q);
      await expect(kpi('visitors')).toHaveAttribute('data-value', String(s.totals.visitors));
      await expect(kpi('visitors').locator('.kpi-value')).toHaveText(s.totals.visitors.toLocaleString('en'));
      await expect(kpi('visits')).toHaveAttribute('data-value', String(s.totals.visits));
      await expect(kpi('buyers')).toHaveAttribute('data-value', String(s.sales.buyers));
      await expect(kpi('conversion').locator('.kpi-value')).toHaveText(rate(s.sales.conversionRate));
      await expect(kpi('orders')).toHaveAttribute('data-value', String(s.sales.orders));
      await expect(kpi('revenue').locator('.kpi-value')).toHaveText(eur0(s.sales.revenue));
      await expect(kpi('aov').locator('.kpi-value')).toHaveText(eur2(s.sales.aov));
      const abandoned = cents(s.abandonment.carts.value + s.abandonment.checkouts.value);
      await expect(kpi('abandoned')).toHaveAttribute('data-value', String(abandoned));
      for (const f of s.funnel) await expect(page.locator(`#funnel [data-stage="${f.stage}"]`)).toHaveAttribute('data-count', String(f.visitors));
      const seg = await api('/api/segments', q, { by: await page.locator('#segment-by').inputValue() });
      const rows = page.locator('[data-table="segments"] tbody tr');
      if (seg.rows.length) {
        await expect(rows).toHaveCount(seg.rows.length);
        for (const r of seg.rows) {
          const row = page.locator(`[data-table="segments"] tr[data-segment="${r.segment ?? '(none)'}"]`);
          await expect(row.locator('[data-col="visitors"]')).toHaveText(String(r.visitors));
          await expect(row.locator('[data-col="conversionRate"]')).toHaveText(rate(r.conversionRate));
          await expect(row.locator('[data-col="revenue"]')).toHaveText(eur2(r.revenue));
          await expect(row.locator('[data-col="abandonedValue"]')).toHaveText(eur2(r.abandonedValue));
        }
      }
      const products = await api('/api/products', q);
      await expect(page.locator('[data-table="products"] tbody tr')).toHaveCount(products.rows.length);
      for (const r of products.rows)
        for (const k of ['viewed', 'added', 'ordered', 'abandoned'])
          await expect(page.locator(`tr[data-product="${r.product}"] [data-col="${k}"]`), r.product + ' ' + k).toHaveText(String(r[k]));
      const paths = await api('/api/paths', q);
      for (const f of paths.from) {
        const group = page.locator(`[data-table="paths"] tbody[data-from="${f.step}"]`);
        await expect(group).toHaveAttribute('data-total', String(f.total));
        for (const n of f.next) await expect(group.locator(`tr[data-next="${n.step}"]`)).toHaveAttribute('data-count', String(n.count));
      }
      const ttc = await api('/api/time-to-convert', q);
      await expect(page.locator('#time-to-convert [data-buyers]')).toHaveAttribute('data-buyers', String(ttc.buyers));
      for (const b of ttc.buckets) await expect(page.locator(`#time-to-convert tr[data-bucket="${b.label}"]`)).toHaveAttribute('data-count', String(b.buyers));
      const trends = await api('/api/trends', q, { interval: new URL(page.url()).searchParams.get('interval') ?? 'day' });
      const sum = (k: string) => String(cents(trends.buckets.reduce((n: number, b: any) => n + b[k], 0)));
      await expect(page.locator('#trends')).toHaveAttribute('data-revenue', sum('revenue'));
      await expect(page.locator('#trends')).toHaveAttribute('data-abandoned', sum('abandonedValue'));
      // each visit belongs to one bucket, so the buckets add up to the summary's revenue
      expect(Number(sum('revenue'))).toBeCloseTo(s.sales.revenue, 2);
      return s;
    };
    // the tiles against the ground truth of a set of visitors (all of them, or one channel's)
    const matchesTruth = async (of: Truth[]) => {
      const abandoned = cents(of.reduce((n, v) => n + (v.abandoned?.value ?? 0), 0));
      await expect(kpi('visitors')).toHaveAttribute('data-value', String(of.length));
      await expect(kpi('buyers')).toHaveAttribute('data-value', String(of.filter((v) => v.ordered).length));
      await expect(kpi('orders')).toHaveAttribute('data-value', String(of.reduce((n, v) => n + v.orders, 0)));
      await expect(kpi('abandoned')).toHaveAttribute('data-value', String(abandoned));
      await expect(kpi('abandoned').locator('.kpi-value')).toHaveText(eur0(abandoned));
    };

    mkdirSync(OUT, { recursive: true });
    // 1. All time, the default: the summary's figures, and the ground truth.
    await page.goto(collector.url + '/');
    await settled();
    expect(new URL(page.url()).search).toBe('');
    await expect(page.getByLabel('Date range')).toHaveValue('all');
    expect(await query()).toBe('');
    await matchesApi();
    await matchesTruth(truth);
    await expect(kpi('visits')).toHaveAttribute('data-value', String(want.visits));
    await expect(kpi('conversion').locator('.kpi-value')).toHaveText(rate(Math.round((buyers / truth.length) * 10_000) / 10_000));
    for (const f of want.funnel) await expect(page.locator(`#funnel [data-stage="${f.stage}"] .bar-value`)).toHaveText(String(f.visitors));
    await expect(page.locator('#trends')).toHaveAttribute('data-abandoned', String(abandonedTotal));
    await expect(page.locator('#time-to-convert [data-buyers]')).toHaveAttribute('data-buyers', String(buyers));
    // the breakdown by channel: each visit under its landing channel; a visit after the window
    // comes back to the home page directly
    for (const channel of new Set(truth.map((v) => v.channel))) {
      const n = truth.filter((v) => v.channel == channel || (channel == 'direct' && v.visits > 1)).length;
      await expect(page.locator(`[data-table="segments"] tr[data-segment="${channel}"] [data-col="visitors"]`), channel).toHaveText(String(n));
    }
    // definitions as tooltips and footnotes
    const d = (await api('/api/summary', '')).definitions;
    await expect(kpi('conversion')).toHaveAttribute('title', d.conversionRate);
    await expect(kpi('revenue')).toHaveAttribute('title', d.revenue);
    await expect(page.locator('#trends-definition')).toHaveText(d.trends);
    await expect(page.locator('#products .definition')).toHaveText(d.products);
    // the live stream marks events from a clock ahead of the collector's (the visitors moved theirs)
    const ahead = page.locator('#stream li[data-future="true"] .ahead').first();
    await expect(ahead).toHaveText('client clock ahead');
    await expect(ahead).toHaveAttribute('title', /Simulated visitors move their clocks/);
    await shot('all-time');
    // the README's picture: the top of this view, 1100 px wide
    if (process.env.UPDATE_DOCS_SCREENSHOT) await page.screenshot({ path: 'docs/dashboard.png', clip: { x: 0, y: 0, width: 1100, height: 1450 } });
    // per day, then per hour: every bucket from the API's first to its last, the gaps at 0
    const filled = async (interval: string, size: number) => {
      const t = await api('/api/trends', '', { interval });
      const first = Date.parse(t.buckets[0].start);
      const last = Date.parse(t.buckets.at(-1).start);
      return { n: (last - first) / size + 1, data: t.buckets.length };
    };
    const perDay = await filled('day', 86_400_000);
    await expect(page.locator('#trends')).toHaveAttribute('data-buckets', String(perDay.n));
    await page.locator('label[for="interval-hour"]').click();
    await settled();
    expect(new URL(page.url()).searchParams.get('interval')).toBe('hour');
    const perHour = await filled('hour', 3_600_000);
    // visitors came back hours and days later: the hours between hold no visit
    expect(perHour.n).toBeGreaterThan(perHour.data);
    await expect(page.locator('#trends')).toHaveAttribute('data-buckets', String(perHour.n));
    await expect(page.locator('#trends [data-chart="stages"] canvas')).toHaveCount(1);
    await matchesApi();
    await shot('all-time-per-hour');

    // 2. A preset, then compare: the range is the last 7 days up to the next whole minute.
    await page.getByLabel('Date range').selectOption('7d');
    await settled();
    expect(new URL(page.url()).searchParams.get('preset')).toBe('7d');
    const week = new URLSearchParams(await query());
    expect(Date.parse(week.get('to')!) - Date.parse(week.get('from')!)).toBe(7 * 24 * 3600_000);
    expect(Date.parse(week.get('to')!)).toBeGreaterThan(Date.now() - 120_000);
    await expect(page.locator('#from')).toHaveValue(local(Date.parse(week.get('from')!)));
    await matchesApi();
    await page.getByLabel('Compare to previous period').check();
    await settled();
    expect(new URL(page.url()).searchParams.get('compare')).toBe('1');
    await expect(kpi('visitors').locator('.kpi-change')).toHaveText('new vs previous (was 0)');
    await shot('last-7-days-compare');

    // 3. A custom range around every visit (from an hour before the first): the ground truth again.
    await page.getByLabel('From', { exact: true }).fill(local(started - 3600_000));
    await page.getByLabel('From', { exact: true }).press('Tab');
    await settled();
    await page.getByLabel('To (exclusive)').fill(local(started + 10 * 24 * 3600_000));
    await page.getByLabel('To (exclusive)').press('Tab');
    await settled();
    const custom = new URL(page.url()).searchParams;
    expect(custom.get('preset')).toBeNull();
    expect(custom.get('from')).toBe(new Date(Math.floor((started - 3600_000) / 60_000) * 60_000).toISOString());
    await expect(page.getByLabel('Date range')).toHaveValue('custom');
    await matchesApi();
    await matchesTruth(truth);
    await shot('custom-range');

    // 4. Compare in numbers: from an hour after the first visits, only the visits after the
    // window (hours or days later) are in the range; every first visit is in the previous period.
    const later = local(started + 3600_000);
    await page.getByLabel('From', { exact: true }).fill(later);
    await page.getByLabel('From', { exact: true }).press('Tab');
    await settled();
    const back = truth.filter((v) => v.visits > 1).length;
    await expect(kpi('visitors')).toHaveAttribute('data-value', String(back));
    await expect(kpi('visitors').locator('.kpi-change')).toHaveText(changeText(back, truth.length));
    await expect(kpi('visitors').locator('.kpi-change')).toHaveAttribute('data-previous', String(truth.length));
    const s4 = await matchesApi();
    const q4 = new URLSearchParams(await query());
    const length = Date.parse(q4.get('to')!) - Date.parse(q4.get('from')!);
    const prev = await api('/api/summary', new URLSearchParams({ from: new Date(Date.parse(q4.get('from')!) - length).toISOString(), to: q4.get('from')! }).toString());
    expect(prev.totals.visitors).toBe(truth.length);
    for (const [tile, now, before] of [
      ['visits', s4.totals.visits, prev.totals.visits],
      ['orders', s4.sales.orders, prev.sales.orders],
      ['revenue', s4.sales.revenue, prev.sales.revenue],
    ])
      await expect(kpi(tile).locator('.kpi-change'), tile).toHaveText(changeText(now, before));
    await shot('compare-previous-period');

    // back to the range around everything, without compare
    await page.getByLabel('From', { exact: true }).fill(local(started - 3600_000));
    await page.getByLabel('From', { exact: true }).press('Tab');
    await settled();
    await page.getByLabel('Compare to previous period').uncheck();
    await settled();
    await expect(kpi('visitors').locator('.kpi-change')).toHaveCount(0);

    // 5. A segment: the channel with the most visitors (the seed has several), against its truth.
    const counts = new Map<string, number>();
    for (const v of truth) if (v.channel != 'direct') counts.set(v.channel, (counts.get(v.channel) ?? 0) + 1);
    const [channel] = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]!;
    const ofChannel = truth.filter((v) => v.channel == channel);
    expect(ofChannel.length).toBeGreaterThan(1);
    await page.getByLabel('Channel', { exact: true }).selectOption(channel);
    await settled();
    expect(new URL(page.url()).searchParams.get('channel')).toBe(channel);
    await matchesApi();
    await matchesTruth(ofChannel);
    // the abandoned value of that channel, as the simulator left it
    const channelAbandoned = cents(truth.filter((v) => v.abandoned?.channel == channel).reduce((n, v) => n + v.abandoned!.value, 0));
    await expect(kpi('abandoned')).toHaveAttribute('data-value', String(channelAbandoned));
    await expect(page.locator(`[data-table="segments"] tr[data-segment="${channel}"] [data-col="abandonedValue"]`)).toHaveText(eur2(channelAbandoned));
    // the breakdown's CSV: exactly the API's rows for this view, RFC 4180
    const seg = await api('/api/segments', await query(), { by: 'channel' });
    const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('[data-csv="segments"]').click()]);
    expect(csv.suggestedFilename()).toMatch(new RegExp(`^waymark-segments-by-channel-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\dZ_\\d{4}-.*-channel-${channel.replace(/ /g, '-')}\\.csv$`));
    expect(readFileSync((await csv.path())!, 'utf8')).toBe(
      [
        'channel,visitors,visits,buyers,conversion rate,revenue,AOV,abandoned value',
        ...seg.rows.map((r: any) => [r.segment, r.visitors, r.visits, r.buyers, r.conversionRate, r.revenue, r.aov, r.abandonedValue].join(',')),
      ]
        .map((l) => l + '\r\n')
        .join(''),
    );
    expect(seg.rows).toHaveLength(1);
    expect(seg.rows[0].visitors).toBe(ofChannel.length);
    await shot('segment-' + channel.replace(/ /g, '-'));

    // 6. A custom funnel, built step by step: stage consideration -> event Product Added ->
    // page /thank-you*, in the channel's visits.
    await page.getByLabel('Step 1', { exact: true }).selectOption('stage');
    await page.locator('#step-1-value').selectOption('consideration');
    await settled();
    await page.getByLabel('Step 2', { exact: true }).selectOption('event');
    await page.locator('#step-2-value').fill('Product Added');
    await page.locator('#step-2-value').press('Enter');
    await settled();
    await page.getByRole('button', { name: 'Remove step 3' }).click();
    await settled();
    await page.getByRole('button', { name: '+ Add step' }).click();
    await page.getByLabel('Step 3', { exact: true }).selectOption('path');
    await page.getByLabel('Path (* any characters)').fill('/thank-you*');
    await page.getByLabel('Path (* any characters)').press('Enter');
    await settled();
    const steps = [{ stage: 'consideration' }, { event: 'Product Added' }, { path: '/thank-you*' }];
    const funnelUrl = page.url();
    expect(JSON.parse(new URL(funnelUrl).searchParams.get('steps')!)).toEqual(steps);
    const funnel = await api('/api/funnel', await query(), { steps: JSON.stringify(steps), window: '604800', order: 'strict' });
    const truthSteps = [
      ofChannel.filter((v) => STAGES.indexOf(v.furthest) >= STAGES.indexOf('consideration')).length,
      ofChannel.filter((v) => !['bounce', 'browse'].includes(v.depth)).length,
      ofChannel.filter((v) => v.ordered).length,
    ];
    expect(funnel.steps.map((s: any) => s.visitors)).toEqual(truthSteps);
    for (const [i, s] of funnel.steps.entries()) {
      const row = page.locator(`[data-table="funnel"] tr[data-funnel-step="${i + 1}"]`);
      await expect(row).toHaveAttribute('data-visitors', String(truthSteps[i]));
      await expect(row.locator('[data-col="visitors"]')).toHaveText(String(s.visitors));
      await expect(row.locator('[data-col="conversion"]')).toHaveText(rate(s.conversion));
      await expect(row.locator('[data-col="label"]')).toHaveText(`${i + 1}. ${s.label}`);
    }
    const [funnelCsv] = await Promise.all([page.waitForEvent('download'), page.locator('[data-csv="funnel"]').click()]);
    expect(funnelCsv.suggestedFilename()).toMatch(/^waymark-funnel-.*\.csv$/);
    expect(readFileSync((await funnelCsv.path())!, 'utf8')).toBe(
      [
        'step,visitors,conversion,from previous,median seconds from previous',
        ...funnel.steps.map((s: any) => [s.label, s.visitors, s.conversion, s.fromPrevious, s.medianSeconds ?? ''].join(',')),
      ]
        .map((l) => l + '\r\n')
        .join(''),
    );
    await shot('custom-funnel');

    // 7. Back and forward walk the views; a reload shows the same one.
    await page.goBack();
    await settled();
    expect(JSON.parse(new URL(page.url()).searchParams.get('steps')!)).toHaveLength(3);
    await page.goForward();
    await settled();
    expect(page.url()).toBe(funnelUrl);
    await expect(page.locator('[data-table="funnel"] tr[data-funnel-step="3"]')).toHaveAttribute('data-visitors', String(truthSteps[2]));
    // all the way back to before the segment: every control follows, and the figures
    while (new URL(page.url()).searchParams.get('channel')) {
      await page.goBack();
      await settled();
    }
    await expect(page.getByLabel('Channel', { exact: true })).toHaveValue('');
    await expect(page.locator('#step-1-kind')).toHaveValue('stage');
    await expect(page.locator('#step-1-value')).toHaveValue('awareness');
    await matchesTruth(truth);
    await page.goto(funnelUrl);
    await settled();
    await expect(page.getByLabel('Channel', { exact: true })).toHaveValue(channel);
    await expect(page.getByLabel('Date range')).toHaveValue('custom');
    await expect(page.locator('#interval-hour')).toBeChecked();
    await expect(page.getByLabel('Path (* any characters)')).toHaveValue('/thank-you*');
    await matchesTruth(ofChannel);
    await matchesApi();
    await shot('shared-link');
    expect(views).toHaveLength(8);
    expect(problems).toEqual([]);
    // the control: an inline style is refused by the page's CSP, and the listener above hears it
    await page.evaluate(() => {
      const style = document.createElement('style');
      style.textContent = 'body { color: red }';
      document.head.append(style);
    });
    await expect.poll(() => problems.some((p) => p.startsWith('CSP violation: style-src'))).toBe(true);
  } finally {
    await context.close();
    await shop.close();
    await collector.close();
  }
});
