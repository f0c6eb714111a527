// Simulated visitors for the demo and its tests: each one a fresh browser context (a new
// anonymous visitor) in headless Chromium, clicking through the real demo shop and its real
// Waymark script tag, and each one's ground truth: what the visitor did, so a test or the demo
// can say whether the dashboard counted it right (scripts/truth.mjs).
//
// A visitor has a plan: a landing channel (email, paid and organic search, social, referral,
// direct), how far it goes (bounce, browse, cart, checkout step 1, 2 or 3, order), and how it
// leaves (the exit kind):
//   closed      closes the tab and never comes back (only the collector's sweep can notice it)
//   open        leaves the page open past the 30-minute window (the SDK's in-page timer)
//   backAfter   closes the tab and comes back after the window (the SDK's next-visit check)
//   backWithin  closes the tab, comes back within the window and buys
//
// Time: each context gets Playwright's clock, which runs at normal speed until a visitor walks
// away: then it jumps 31 minutes, 10 minutes, hours or days. The shop is configured as a real
// one would be (abandonAfter and the session timeout both 30 minutes).
//
//   node scripts/visitors.mjs --shop http://127.0.0.1:8081 [--visitors 40] [--seed 1] [--truth FILE] [--concurrency 2]
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { chromium } from '@playwright/test';
import { random } from './random.mjs';
export { random };

// Debian's Chromium, launched exactly as playwright.config.ts launches it (Node 20 cannot
// import that TypeScript file): Playwright never downloads a browser here.
export const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
};

/** How visitors arrive: a landing path, a referrer, and the stage that landing page is at. */
export const CHANNELS = [
  { channel: 'email', path: '/index.html?utm_source=newsletter&utm_medium=email&utm_campaign=autumn-sale', stage: 'awareness' },
  { channel: 'paid search', path: '/product-trail-runner.html?utm_source=google&utm_medium=cpc&utm_campaign=trail-shoes&gclid=demo', stage: 'consideration' },
  { channel: 'organic search', path: '/blog-trail-running.html', referer: 'https://www.google.com/', stage: 'awareness' },
  { channel: 'paid social', path: '/category.html?utm_source=instagram&utm_medium=paid_social&utm_campaign=autumn-sale', stage: 'consideration' },
  { channel: 'organic social', path: '/index.html', referer: 'https://www.facebook.com/', stage: 'awareness' },
  { channel: 'referral', path: '/product-city-sneaker.html', referer: 'https://runners-weekly.example/best-sneakers', stage: 'consideration' },
  { channel: 'direct', path: '/index.html', stage: 'awareness' },
];

/** The shop's catalogue (examples/shop/catalog.js): page key and price in EUR. */
export const PRICES = { 'trail-runner': 120, 'city-sneaker': 90, 'wool-socks': 15 };
const PRODUCTS = Object.keys(PRICES);

/** Checkout steps of the demo shop, as its script tag names them. */
export const STEP_NAMES = { 1: 'shipping', 2: 'payment', 3: 'review' };

/** How far a visitor goes, and the exit kinds. */
export const DEPTHS = ['bounce', 'browse', 'cart', 'step1', 'step2', 'step3', 'order'];
export const EXITS = ['closed', 'open', 'backAfter', 'backWithin'];

/**
 * The named paths of the first visitors of a default batch (one each): what the demo's
 * dashboard test counts on. `then` is what a visitor who comes back does.
 */
const NAMED = {
  bounce: { depth: 'bounce', exit: 'closed' },
  browse: { depth: 'browse', exit: 'closed' },
  abandonCart: { depth: 'cart', exit: 'open' },
  abandonCheckout1: { depth: 'step1', exit: 'open' },
  abandonCheckout2: { depth: 'step2', exit: 'open' },
  abandonCheckout3: { depth: 'step3', exit: 'open' },
  buy: { depth: 'order', exit: 'closed' },
  returnAndBuy: { depth: 'order', exit: 'backAfter', days: 3, then: 'buy' },
  review: { depth: 'order', exit: 'backAfter', days: 2, then: 'review' },
};

/** The named paths, in the order a default batch first covers them (so 9 visitors walk every one). */
export const PROFILES = Object.keys(NAMED);

// After the first nine, a mix closer to a real shop's: many bounce or browse, few buy.
const MIX = [
  'bounce',
  'browse',
  'abandonCart',
  'bounce',
  'buy',
  'browse',
  'abandonCheckout1',
  'bounce',
  'abandonCart',
  'abandonCheckout2',
  'browse',
  'review',
  'abandonCheckout3',
  'returnAndBuy',
  'buy',
];

/** The profile of the i-th visitor of a default batch. */
export const profileOf = (i) => (i < PROFILES.length ? PROFILES[i] : MIX[(i - PROFILES.length) % MIX.length]);

/**
 * The default batch: visitor i walks profileOf(i), arriving through the channels in turn, with
 * the products in turn (what the demo's dashboard test expects).
 */
export const defaultPlans = (count) =>
  Array.from({ length: count }, (_, i) => ({
    profile: profileOf(i),
    ...NAMED[profileOf(i)],
    channel: i % CHANNELS.length,
    products: i % 3 == 0 && /^step/.test(NAMED[profileOf(i)].depth) ? [PRODUCTS[i % 3], 'wool-socks'] : [PRODUCTS[i % 3]],
  }));

/**
 * A batch that covers every exit kind crossed with cart, checkout step 1, 2 and 3 and order
 * (20 visitors), then `count - 20` more drawn from every depth and exit (bounces and browsers
 * included), shuffled; channels, products and quantities drawn from `seed`. What the ground
 * truth test runs, and the demo.
 */
export const coveragePlans = (count, seed = 1) => {
  const rnd = random(seed);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const plans = [];
  for (const depth of ['cart', 'step1', 'step2', 'step3', 'order']) for (const exit of EXITS) plans.push({ depth, exit });
  while (plans.length < count) {
    const depth = pick(DEPTHS);
    plans.push({ depth, exit: depth == 'bounce' || depth == 'browse' ? 'closed' : pick(EXITS) });
  }
  // Fisher-Yates, from the seed
  for (let i = plans.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [plans[i], plans[j]] = [plans[j], plans[i]];
  }
  return plans.slice(0, Math.max(count, 0)).map((p) => {
    const products = [pick(PRODUCTS)];
    if (rnd() < 0.3) products.push(pick(PRODUCTS));
    const plan = { profile: p.depth + '/' + p.exit, ...p, channel: Math.floor(rnd() * CHANNELS.length), products };
    // a buyer who comes back some days later reviews what they bought, now and then
    if (p.depth == 'order' && p.exit == 'backAfter' && rnd() < 0.5) Object.assign(plan, { days: 2, then: 'review' });
    return plan;
  });
};

const STAGES = ['awareness', 'consideration', 'decision', 'purchase', 'retention', 'advocacy'];
const later = (a, b) => (STAGES.indexOf(b) > STAGES.indexOf(a) ? b : a);
const cartValue = (lines) => Math.round(lines.reduce((v, l) => v + PRICES[l.key] * l.quantity, 0) * 100) / 100;

/**
 * One visitor's walk through the shop, as steps on one browser context, recording its truth as
 * it goes. `shop` is the shop's origin; `i` varies names.
 */
const walk = (shop, context, i, plan) => {
  const via = CHANNELS[plan.channel];
  const truth = {
    i,
    profile: plan.profile,
    channel: via.channel,
    depth: plan.depth,
    exit: plan.exit,
    furthest: via.stage,
    cartValue: 0,
    step: 0,
    ordered: false,
    orders: 0,
    visits: 1,
    abandoned: null,
    // the friction signals this visitor caused: { kind, step }
    friction: [],
  };
  let page;
  // The shop's cart, as the visitor filled it: lines of page keys.
  let lines = [];
  const reach = (stage) => (truth.furthest = later(truth.furthest, stage));
  // The script tag loads its captures after each page's first event; a visitor looks at the
  // page before acting, as a person does, so the captures are there to see what follows. The
  // capture files are watched from here (the test's clock fakes the page's performance API):
  // once those requested have arrived and none is on its way, plus 100 ms to run; at most 5 s.
  const fresh = () => ({ pending: new Set(), done: 0 });
  let split = fresh();
  const watched = (p) => {
    p.on('request', (r) => r.url().includes('/dist/script/') && split.pending.add(r));
    const end = (r) => split.pending.delete(r) && split.done++;
    p.on('requestfinished', end);
    p.on('requestfailed', end);
    return p;
  };
  const settle = async () => {
    for (let end = Date.now() + 5000; Date.now() < end && !(split.done && !split.pending.size); ) await new Promise((r) => setTimeout(r, 25));
    await new Promise((r) => setTimeout(r, 100));
  };
  const open = async (path, referer) => {
    page ??= watched(await context.newPage());
    split = fresh();
    await page.goto(shop + path, referer ? { referer } : undefined);
    await settle();
  };
  // after a click that navigates: only the new page's files count
  const arrive = async (url) => {
    await page.waitForURL(url, { waitUntil: 'commit' });
    split = fresh();
    await page.waitForLoadState();
    await settle();
  };
  const pause = (ms = 200) => page.waitForTimeout(ms);
  const addToCart = async (key) => {
    await open(`/product-${key}.html`);
    await page.click('#add');
    await pause();
    const line = lines.find((l) => l.key == key);
    if (line) line.quantity++;
    else lines.push({ key, quantity: 1 });
    reach('decision');
  };
  // Friction, as shops see it: every fourth visitor mistypes the card (the shop's check sets
  // aria-invalid: a "Form Error" at step 2), every third hammers the Pay button while it is
  // still disabled (a "Rage Click" at step 3).
  const mistypeCard = async () => {
    await page.selectOption('[name=method]', 'card');
    await page.fill('[name=card]', '4242424242424241');
    await page.click('button[type=submit]');
    await page.locator('[name=card][aria-invalid=true]').waitFor();
    truth.friction.push({ kind: 'Form Error', step: 2 });
  };
  const hammerPay = async () => {
    const pay = await page.locator('#place-order').boundingBox();
    for (let k = 0; k < 4; k++) await page.mouse.click(pay.x + pay.width / 2, pay.y + pay.height / 2);
    truth.friction.push({ kind: 'Rage Click', step: 3 });
    await pause();
  };
  const checkoutTo = async (step) => {
    await open('/cart.html');
    await page.click('#to-checkout');
    await arrive(/checkout-shipping/);
    truth.step = Math.max(truth.step, 1);
    if (step == 1) return;
    await page.fill('[name=fullname]', 'Visitor ' + i);
    await page.fill('[name=address]', i + ' Demo Street');
    await page.click('button[type=submit]');
    await arrive(/checkout-payment/);
    truth.step = Math.max(truth.step, 2);
    if (i % 4 == 2) await mistypeCard();
    if (step == 2) return;
    await page.selectOption('[name=method]', i % 2 ? 'paypal' : 'card');
    await page.fill('[name=card]', '4242424242424242');
    await page.click('button[type=submit]');
    await arrive(/checkout-review/);
    truth.step = 3;
    if (i % 3 == 0) await hammerPay();
  };
  const buy = async () => {
    await checkoutTo(3);
    await page.check('[name=terms]');
    await page.click('#place-order');
    await arrive(/thank-you/);
    await pause();
    truth.ordered = true;
    truth.orders++;
    lines = [];
    truth.step = 0;
    reach('purchase');
  };
  // What the cart holds when the visitor leaves it: an abandonment, unless they come back in time.
  const leaving = () => {
    truth.cartValue = cartValue(lines);
    if (!lines.length || plan.exit == 'backWithin') return;
    const checkout = truth.step > 0;
    truth.abandoned = {
      kind: checkout ? 'checkout' : 'cart',
      step: checkout ? truth.step : null,
      stepName: checkout ? STEP_NAMES[truth.step] : null,
      value: truth.cartValue,
      channel: via.channel,
    };
  };
  // Closes the tab (its unload beacon flies), lets `ms` pass, and opens a new one.
  const away = async (ms) => {
    await delivered(page);
    await leave(page);
    // the clock lives in the context's pages: keep one open while time jumps
    page = watched(await context.newPage());
    await context.clock.fastForward(ms);
  };
  const depth = async () => {
    const { depth: d, products } = plan;
    if (d == 'bounce') return pause(400);
    if (d == 'browse') {
      await open('/category.html');
      await open(`/product-${products[0]}.html`);
      await open('/blog-trail-running.html');
      return reach('consideration');
    }
    for (const key of products) await addToCart(key);
    if (d == 'cart') await open('/cart.html');
    else if (d == 'order') await buy();
    else await checkoutTo(Number(d.slice(4)));
  };
  const exit = async () => {
    if (plan.exit == 'closed') return;
    if (plan.exit == 'open') {
      // the in-page timer fires at the window's end; deliver what it sent
      await delivered(page);
      await context.clock.fastForward('31:00');
      await pause(300);
      return;
    }
    if (plan.exit == 'backWithin') {
      await away(10 * 60_000);
      await open('/cart.html');
      if (!lines.length) await addToCart(plan.products[0]);
      return buy();
    }
    // back after the window: hours later (a new visit), or days for a buyer
    await away(plan.days ? plan.days * 24 * 3600_000 : 2 * 3600_000);
    truth.visits++;
    await open('/index.html');
    if (truth.ordered) reach('retention');
    if (plan.then == 'buy') {
      await open('/account.html');
      await page.fill('#login [name=name]', 'Returning ' + i);
      await page.click('#login button[type=submit]');
      await pause();
      await addToCart('wool-socks');
      // a returning customer's cart and checkout are at the retention stage
      await buy();
    } else if (plan.then == 'review') {
      await open(`/product-${plan.products[0]}.html`);
      await page.selectOption('#review [name=rating]', String(4 + (i % 2)));
      await page.fill('#review [name=body]', 'Great fit, visitor ' + i + ' says.');
      await page.click('#review button[type=submit]');
      await page.click('#share');
      await pause();
      reach('advocacy');
    }
  };
  return {
    truth,
    get page() {
      return page;
    },
    run: async () => {
      await open(via.path, via.referer);
      await depth();
      leaving();
      await exit();
    },
  };
};

// Closes the tab as a visitor does (beforeunload and pagehide run, so the unload beacon flies).
// With runBeforeUnload, close() does not wait for the page to go: wait for it, or a clock jump
// right after may reach the closing page and fail.
const leave = (page) => Promise.all([page.waitForEvent('close'), page.close({ runBeforeUnload: true })]);

// Waits until the page's SDK has delivered what it holds (the callback form of the global
// waymark() hands over the tracker once it has loaded), at most `ms`.
const delivered = (page, ms = 5000) =>
  page
    .evaluate(
      (ms) =>
        new Promise((resolve) => {
          setTimeout(resolve, ms);
          window.waymark((tracker) => tracker.flush().then(resolve, resolve));
        }),
      ms,
    )
    .catch(() => {});

/**
 * Runs one visitor `i` with `plan` on `shop` in a new context of `browser`. Resolves to its
 * truth: { i, profile, channel (landing), depth, exit, furthest (stage), cartValue (EUR, when it
 * left its cart), step (last checkout step then, 0 none), ordered, orders, visits, abandoned
 * (null, or { kind: 'cart' | 'checkout', step, stepName, value, channel }) }.
 */
export const visit = async (browser, shop, i, plan = defaultPlans(i + 1)[i]) => {
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  try {
    await context.clock.install();
    const v = walk(shop, context, i, plan);
    await v.run();
    // Leaving: deliver what is left, then close the tab so its unload beacon flies too.
    if (v.page) {
      await delivered(v.page);
      await leave(v.page);
    }
    return v.truth;
  } finally {
    await context.close();
  }
};

/**
 * Sends simulated visitors through the shop at `shop` (its origin), `concurrency` at a time, in
 * headless Chromium: `browser` when given (a test's), else Debian's, launched here and closed
 * after. The visitors are `plans` when given, else `count` of the default batch. Resolves to
 * the truth of each visitor done, in order; `log` gets a line per visitor; with `truth` (a file
 * path) the truth is also written there as JSON: { seed, visitors: [...] }.
 */
export const runVisitors = async ({ shop, count = 9, plans, seed = null, concurrency = 2, browser: given, log = () => {}, truth }) => {
  const list = plans || defaultPlans(count);
  const browser = given || (await chromium.launch(launchOptions));
  const done = [];
  let next = 0;
  try {
    const worker = async () => {
      while (next < list.length) {
        const i = next++;
        try {
          const v = await visit(browser, shop, i, list[i]);
          done.push(v);
          log(`visitor ${i + 1}/${list.length}: ${v.profile} (${v.channel})`);
        } catch (e) {
          log(`visitor ${i + 1}/${list.length}: ${list[i].profile} failed: ${e.message.split('\n')[0]}`);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  } finally {
    if (!given) await browser.close();
  }
  done.sort((a, b) => a.i - b.i);
  if (truth) writeFileSync(truth, JSON.stringify({ seed, visitors: done }, null, 2) + '\n');
  return done;
};

if (import.meta.url == pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      shop: { type: 'string' },
      visitors: { type: 'string', default: '9' },
      seed: { type: 'string' },
      truth: { type: 'string' },
      concurrency: { type: 'string', default: '2' },
    },
  });
  if (!values.shop) {
    console.error('usage: node scripts/visitors.mjs --shop http://127.0.0.1:8081 [--visitors 40] [--seed 1] [--truth FILE] [--concurrency 2]');
    process.exit(2);
  }
  const count = Number(values.visitors);
  const seed = values.seed === undefined ? null : Number(values.seed);
  await runVisitors({
    shop: values.shop,
    count,
    plans: seed == null ? undefined : coveragePlans(count, seed),
    seed,
    concurrency: Number(values.concurrency),
    truth: values.truth,
    log: console.log,
  });
}
