// Simulated visitors for the demo: each one a fresh browser context (a new anonymous visitor)
// in headless Chromium, clicking through the real demo shop and its real Waymark script tag.
// Paths: bounce, browse, abandon the cart, abandon the checkout at each of its three steps,
// buy, come back days later and buy again, buy and then review. Visitors arrive through
// different channels (email, paid and organic search, social, referral, direct).
//
// Time: each context gets Playwright's clock, which runs at normal speed until a visitor
// "walks away": then it jumps 31 minutes (past the shop's 30-minute abandonment window, so the
// SDK's own timer sends "Cart Abandoned" or "Checkout Abandoned") or some days (a return visit,
// in a new session). The shop is configured as a real one would be.
//
//   node scripts/visitors.mjs --shop http://127.0.0.1:8081 [--visitors 40] [--concurrency 2]
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { chromium } from '@playwright/test';

// Debian's Chromium, launched exactly as playwright.config.ts launches it (Node 20 cannot
// import that TypeScript file): Playwright never downloads a browser here.
export const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
};

/** The paths, in the order a batch first covers them (so 9 visitors walk every one). */
export const PROFILES = ['bounce', 'browse', 'abandonCart', 'abandonCheckout1', 'abandonCheckout2', 'abandonCheckout3', 'buy', 'returnAndBuy', 'review'];

// After the first nine, a mix closer to a real shop's: many bounce or browse, few buy.
const MIX = ['bounce', 'browse', 'abandonCart', 'bounce', 'buy', 'browse', 'abandonCheckout1', 'bounce', 'abandonCart', 'abandonCheckout2', 'browse', 'review', 'abandonCheckout3', 'returnAndBuy', 'buy'];

/** How visitors arrive: a landing path and a referrer. */
export const CHANNELS = [
  { channel: 'email', path: '/index.html?utm_source=newsletter&utm_medium=email&utm_campaign=autumn-sale' },
  { channel: 'paid search', path: '/product-trail-runner.html?utm_source=google&utm_medium=cpc&utm_campaign=trail-shoes&gclid=demo' },
  { channel: 'organic search', path: '/blog-trail-running.html', referer: 'https://www.google.com/' },
  { channel: 'paid social', path: '/category.html?utm_source=instagram&utm_medium=paid_social&utm_campaign=autumn-sale' },
  { channel: 'organic social', path: '/index.html', referer: 'https://www.facebook.com/' },
  { channel: 'referral', path: '/product-city-sneaker.html', referer: 'https://runners-weekly.example/best-sneakers' },
  { channel: 'direct', path: '/index.html' },
];

const PRODUCTS = ['trail-runner', 'city-sneaker', 'wool-socks'];

/** The profile of the i-th visitor of a batch. */
export const profileOf = (i) => (i < PROFILES.length ? PROFILES[i] : MIX[(i - PROFILES.length) % MIX.length]);

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
 * One visitor's walk through the shop, as steps on one browser context. `shop` is the shop's
 * origin; `i` varies the products and names.
 */
const walk = (shop, context, i) => {
  let page;
  const product = PRODUCTS[i % PRODUCTS.length];
  const open = async (path, referer) => {
    page ??= await context.newPage();
    await page.goto(shop + path, referer ? { referer } : undefined);
  };
  const pause = (ms = 300) => page.waitForTimeout(ms);
  const addToCart = async (key = product) => {
    await open(`/product-${key}.html`);
    await page.click('#add');
    await pause();
  };
  const checkoutTo = async (step) => {
    await open('/cart.html');
    await page.click('#to-checkout');
    await page.waitForURL(/checkout-shipping/);
    if (step == 1) return;
    await page.fill('[name=fullname]', 'Visitor ' + i);
    await page.fill('[name=address]', i + ' Demo Street');
    await page.click('button[type=submit]');
    await page.waitForURL(/checkout-payment/);
    if (step == 2) return;
    await page.selectOption('[name=method]', i % 2 ? 'paypal' : 'card');
    await page.fill('[name=card]', '4242424242424242');
    await page.click('button[type=submit]');
    await page.waitForURL(/checkout-review/);
  };
  const buy = async () => {
    await checkoutTo(3);
    await page.check('[name=terms]');
    await page.click('#place-order');
    await page.waitForURL(/thank-you/);
    await pause();
  };
  // Walks away for 31 minutes on the page it is on: the abandonment timer fires there.
  const walkAway = async () => {
    await delivered(page);
    await context.clock.fastForward('31:00');
    await pause(500);
  };
  // Closes the tab (its unload beacon flies) and comes back `days` later in a new one.
  const comeBackAfter = async (days) => {
    await delivered(page);
    await page.close({ runBeforeUnload: true });
    // the clock lives in the context's pages: keep one open while time jumps
    page = await context.newPage();
    await context.clock.fastForward(days * 24 * 3600 * 1000);
  };
  return {
    open,
    get page() {
      return page;
    },
    bounce: async () => pause(800),
    browse: async () => {
      await open('/category.html');
      await open(`/product-${product}.html`);
      await open(`/product-${PRODUCTS[(i + 1) % PRODUCTS.length]}.html`);
      await open('/blog-trail-running.html');
    },
    abandonCart: async () => {
      await addToCart();
      await open('/cart.html');
      await walkAway();
    },
    abandonCheckout: async (step) => {
      await addToCart();
      if (i % 3 == 0) await addToCart('wool-socks');
      await checkoutTo(step);
      await walkAway();
    },
    buy: async () => {
      await open('/category.html');
      await page.click(`[data-add="${product}"]`);
      await pause();
      await buy();
    },
    returnAndBuy: async () => {
      await addToCart();
      await buy();
      await comeBackAfter(3);
      await open('/account.html');
      await page.fill('#login [name=name]', 'Returning ' + i);
      await page.click('#login button[type=submit]');
      await pause();
      await addToCart('wool-socks');
      await buy();
    },
    review: async () => {
      await addToCart();
      await buy();
      await comeBackAfter(2);
      await open(`/product-${product}.html`);
      await page.selectOption('#review [name=rating]', String(4 + (i % 2)));
      await page.fill('#review [name=body]', 'Great fit, visitor ' + i + ' says.');
      await page.click('#review button[type=submit]');
      await page.click('#share');
      await pause();
    },
  };
};

/** Runs one visitor `i` on `shop` in a new context of `browser`. Returns its profile and channel. */
export const visit = async (browser, shop, i) => {
  const profile = profileOf(i);
  const via = CHANNELS[i % CHANNELS.length];
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  try {
    await context.clock.install();
    const v = walk(shop, context, i);
    await v.open(via.path, via.referer);
    const step = /^abandonCheckout(\d)$/.exec(profile);
    await (step ? v.abandonCheckout(Number(step[1])) : v[profile]());
    // Leaving: deliver what is left, then close the tab so its unload beacon flies too.
    if (v.page) {
      await delivered(v.page);
      await v.page.close({ runBeforeUnload: true });
    }
  } finally {
    await context.close();
  }
  return { i, profile, channel: via.channel };
};

/**
 * Sends `count` simulated visitors through the shop at `shop` (its origin), `concurrency` at a
 * time, in headless Chromium: `browser` when given (a test's), else Debian's, launched here and
 * closed after. Resolves to the visits made, in order; `log` gets a line per visitor.
 */
export const runVisitors = async ({ shop, count = 9, concurrency = 2, browser: given, log = () => {} }) => {
  const browser = given || (await chromium.launch(launchOptions));
  const done = [];
  let next = 0;
  try {
    const worker = async () => {
      while (next < count) {
        const i = next++;
        try {
          const v = await visit(browser, shop, i);
          done.push(v);
          log(`visitor ${i + 1}/${count}: ${v.profile} (${v.channel})`);
        } catch (e) {
          log(`visitor ${i + 1}/${count}: ${profileOf(i)} failed: ${e.message.split('\n')[0]}`);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  } finally {
    if (!given) await browser.close();
  }
  return done.sort((a, b) => a.i - b.i);
};

if (import.meta.url == pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { shop: { type: 'string' }, visitors: { type: 'string', default: '9' }, concurrency: { type: 'string', default: '2' } } });
  if (!values.shop) {
    console.error('usage: node scripts/visitors.mjs --shop http://127.0.0.1:8081 [--visitors 40] [--concurrency 2]');
    process.exit(2);
  }
  await runVisitors({ shop: values.shop, count: Number(values.visitors), concurrency: Number(values.concurrency), log: console.log });
}
