import { expect, test } from 'vitest';
import { DEFAULT_RULES, DEFAULT_STAGES, explain, type JourneyEvent, type JourneyState, type Rule } from '../../../src/journey/index.js';
import { glob } from '../../../src/journey/glob.js';

const state = (s: Partial<JourneyState> = {}): JourneyState => ({ stage: 'awareness', furthest: 'awareness', reached: {}, orders: 0, visits: 1, ...s });
const ev = (e: Partial<JourneyEvent> & { url?: string; referrer?: string } = {}): JourneyEvent => {
  const url = e.url || 'https://shop.example/';
  return { type: 'track', timestamp: '2026-03-01T12:00:00.000Z', ...e, context: { page: { url, path: new URL(url).pathname, referrer: e.referrer || '' } } };
};
// The stage a one-rule set gives: the rule's when it matches, else the current stage.
const hit = (rule: Omit<Rule, 'stage'>, e: JourneyEvent, s = state()) => explain(e, s, [{ stage: 'decision', ...rule }]).index == 0;

test('glob: exact, list, * wildcard, case ignored, literal regex characters', () => {
  expect(glob('Cart Viewed', 'Cart Viewed')).toBe(true);
  expect(glob('Cart Viewed', 'Cart Viewed!')).toBe(false);
  expect(glob(['a', 'Checkout *'], 'Checkout Step Viewed')).toBe(true);
  expect(glob('checkout *', 'Checkout Started')).toBe(true);
  expect(glob('/p/(1)?.x', '/p/(1)?.x')).toBe(true);
  expect(glob('/p/(1)?.x', '/p/1')).toBe(false);
  expect(glob('*', undefined)).toBe(false);
  expect(glob('*/a*', '/x\n/ab')).toBe(true);
});

test('event name: exact, list and glob', () => {
  expect(hit({ event: 'Cart Viewed' }, ev({ event: 'Cart Viewed' }))).toBe(true);
  expect(hit({ event: 'Cart Viewed' }, ev({ event: 'Cart Viewed Twice' }))).toBe(false);
  expect(hit({ event: ['A', 'Cart Viewed'] }, ev({ event: 'Cart Viewed' }))).toBe(true);
  expect(hit({ event: 'Checkout *' }, ev({ event: 'Checkout Step Completed' }))).toBe(true);
  expect(hit({ event: 'Checkout *' }, ev({ type: 'page' }))).toBe(false);
});

test('message type', () => {
  expect(hit({ type: 'page' }, ev({ type: 'page' }))).toBe(true);
  expect(hit({ type: 'page' }, ev({ type: 'track' }))).toBe(false);
  expect(hit({ type: ['identify', 'page'] }, ev({ type: 'identify' }))).toBe(true);
});

test('properties: equals (bare and explicit), in, exists, gt, gte, lt, lte', () => {
  const p = (properties: Record<string, unknown>) => ev({ event: 'X', properties });
  expect(hit({ properties: { currency: 'EUR' } }, p({ currency: 'EUR' }))).toBe(true);
  expect(hit({ properties: { currency: 'EUR' } }, p({ currency: 'USD' }))).toBe(false);
  expect(hit({ properties: { step: { equals: 2 } } }, p({ step: 2 }))).toBe(true);
  expect(hit({ properties: { step: { equals: 2 } } }, p({ step: '2' }))).toBe(false);
  expect(hit({ properties: { coupon: { in: ['A', 'B'] } } }, p({ coupon: 'B' }))).toBe(true);
  expect(hit({ properties: { coupon: { in: ['A', 'B'] } } }, p({ coupon: 'C' }))).toBe(false);
  expect(hit({ properties: { coupon: { exists: true } } }, p({ coupon: '' }))).toBe(true);
  expect(hit({ properties: { coupon: { exists: true } } }, p({ coupon: null }))).toBe(false);
  expect(hit({ properties: { coupon: { exists: false } } }, p({}))).toBe(true);
  expect(hit({ properties: { coupon: { exists: false } } }, p({ coupon: 'A' }))).toBe(false);
  expect(hit({ properties: { price: { gt: 10 } } }, p({ price: 10.5 }))).toBe(true);
  expect(hit({ properties: { price: { gt: 10 } } }, p({ price: 10 }))).toBe(false);
  expect(hit({ properties: { price: { gte: 10 } } }, p({ price: 10 }))).toBe(true);
  expect(hit({ properties: { price: { lt: 10 } } }, p({ price: 10 }))).toBe(false);
  expect(hit({ properties: { price: { lte: 10 } } }, p({ price: 10 }))).toBe(true);
  expect(hit({ properties: { price: { gte: 10, lt: 20 } } }, p({ price: 20 }))).toBe(false);
  // numeric tests never match strings, and an event without properties has none
  expect(hit({ properties: { price: { gt: 1 } } }, p({ price: '5' }))).toBe(false);
  expect(hit({ properties: { price: { exists: false } } }, ev({ event: 'X' }))).toBe(true);
  // every property listed must hold
  expect(hit({ properties: { a: 1, b: 2 } }, p({ a: 1, b: 3 }))).toBe(false);
  // an unknown operator (a rule that skipped validation) fails instead of throwing
  expect(hit({ properties: { price: { above: 1 } as never } }, p({ price: 5 }))).toBe(false);
});

test('page URL, path and referrer globs', () => {
  const e = ev({ url: 'https://shop.example/products/trail?color=red', referrer: 'https://www.google.com/search' });
  expect(hit({ url: 'https://shop.example/products/*' }, e)).toBe(true);
  expect(hit({ url: '*color=blue*' }, e)).toBe(false);
  expect(hit({ path: '/products/*' }, e)).toBe(true);
  expect(hit({ path: ['/cart', '/checkout*'] }, e)).toBe(false);
  expect(hit({ referrer: '*google.*' }, e)).toBe(true);
  expect(hit({ referrer: '*bing.*' }, e)).toBe(false);
});

test('campaign and channel of the current visit', () => {
  const s = state({ last: { channel: 'email', source: 'newsletter', medium: 'email', name: 'spring-sale', term: 'shoes', content: 'hero' } });
  expect(hit({ campaign: { source: 'news*', medium: 'email' } }, ev(), s)).toBe(true);
  expect(hit({ campaign: { name: 'summer-*' } }, ev(), s)).toBe(false);
  expect(hit({ campaign: { term: 'shoes', content: ['hero', 'footer'] } }, ev(), s)).toBe(true);
  expect(hit({ campaign: { source: '*' } }, ev(), state())).toBe(false);
  expect(hit({ channel: 'email' }, ev(), s)).toBe(true);
  expect(hit({ channel: ['paid search', 'paid social'] }, ev(), s)).toBe(false);
});

test('visitor state: purchased, orders, visits, days since last order, furthest stage', () => {
  const day = 864e5;
  const at = Date.parse('2026-03-01T12:00:00.000Z');
  const buyer = state({ customer: true, orders: 2, visits: 5, lastOrder: at - 10 * day - 1000, furthest: 'purchase' });
  expect(hit({ purchased: true }, ev(), buyer)).toBe(true);
  expect(hit({ purchased: true }, ev(), state())).toBe(false);
  expect(hit({ purchased: false }, ev(), state())).toBe(true);
  expect(hit({ orders: 2 }, ev(), buyer)).toBe(true);
  expect(hit({ orders: { gte: 3 } }, ev(), buyer)).toBe(false);
  expect(hit({ visits: { gt: 4 } }, ev(), buyer)).toBe(true);
  expect(hit({ visits: { lte: 4 } }, ev(), buyer)).toBe(false);
  expect(hit({ daysSinceOrder: 10 }, ev(), buyer)).toBe(true);
  expect(hit({ daysSinceOrder: { gt: 10 } }, ev(), buyer)).toBe(false);
  expect(hit({ daysSinceOrder: { exists: false } }, ev(), state())).toBe(true);
  expect(hit({ daysSinceOrder: { lt: 100 } }, ev(), state())).toBe(false);
  expect(hit({ furthest: 'purchase' }, ev(), buyer)).toBe(true);
  expect(hit({ furthest: ['awareness', 'consideration'] }, ev(), buyer)).toBe(false);
  expect(hit({ furthest: { gte: 'decision' } }, ev(), buyer)).toBe(true);
  expect(hit({ furthest: { gt: 'purchase' } }, ev(), buyer)).toBe(false);
  expect(hit({ furthest: { lt: 'retention', gte: 'purchase' } }, ev(), buyer)).toBe(true);
  expect(hit({ furthest: { lte: 'consideration' } }, ev(), buyer)).toBe(false);
});

test('furthest-stage comparisons follow a custom stage order', () => {
  const stages = ['browse', 'buy', 'love'];
  const e = ev();
  const s = state({ stage: 'buy', furthest: 'buy' });
  expect(explain(e, s, [{ stage: 'love', furthest: { gt: 'browse' } }], stages).stage).toBe('love');
  expect(explain(e, s, [{ stage: 'love', furthest: { gt: 'buy' } }], stages).stage).toBe('buy');
});

test('explain: the first matching rule wins, and says why', () => {
  const rules: Rule[] = [
    { id: 'never', stage: 'advocacy', event: 'Nope' },
    { id: 'cart', stage: 'decision', event: 'Product *', properties: { quantity: { gte: 1 } }, path: '/p/*' },
    { id: 'later', stage: 'consideration', event: 'Product Added' },
  ];
  const r = explain(ev({ event: 'Product Added', properties: { quantity: 2, sku: 'x' }, url: 'https://shop.example/p/1' }), state(), rules);
  expect(r).toEqual({
    stage: 'decision',
    index: 1,
    rule: rules[1],
    why: ['event "Product Added" ~ "Product *"', 'properties {"quantity":2} ~ {"quantity":{"gte":1}}', 'path "/p/1" ~ "/p/*"'],
  });
});

test('explain: why names only the campaign keys a rule tests, and the visitor facts it read', () => {
  const s = state({ last: { channel: 'email', source: 'crm', medium: 'email', name: 'spring' }, customer: true, orders: 2, furthest: 'purchase' });
  const rule: Rule = { id: 'vip', stage: 'retention', campaign: { source: 'c*' }, channel: 'email', purchased: true, orders: { gte: 2 }, furthest: { gte: 'decision' } };
  expect(explain(ev({ event: 'X' }), s, [rule]).why).toEqual([
    'campaign {"source":"crm"} ~ {"source":"c*"}',
    'channel "email" ~ "email"',
    'purchased true ~ true',
    'orders 2 ~ {"gte":2}',
    'furthest "purchase" ~ {"gte":"decision"}',
  ]);
});

test('explain: no match keeps the current stage', () => {
  expect(explain(ev({ event: 'Nope' }), state({ stage: 'decision', furthest: 'decision' }), [{ stage: 'advocacy', event: 'X' }])).toEqual({
    stage: 'decision',
    index: -1,
    why: ['no rule matched: the current stage is kept'],
  });
});

test('explain: a rule without conditions matches everything; it is pure', () => {
  const s = state();
  const copy = JSON.stringify(s);
  expect(explain(ev(), s, [{ stage: 'consideration' }])).toMatchObject({ stage: 'consideration', index: 0, why: [] });
  expect(JSON.stringify(s)).toBe(copy);
});

test('default rules: every stage is reachable and every rule is reachable', () => {
  const s = state();
  const buyer = state({ customer: true, orders: 1 });
  const cases: [JourneyEvent, JourneyState, string][] = [
    [ev({ type: 'page', url: 'https://shop.example/blog/x' }), s, 'landing'],
    [ev({ type: 'page', url: 'https://shop.example/products/x' }), s, 'browse-page'],
    [ev({ event: 'Product Viewed' }), s, 'browse'],
    [ev({ event: 'Checkout Started' }), s, 'cart'],
    [ev({ type: 'page', url: 'https://shop.example/basket' }), s, 'cart-page'],
    [ev({ event: 'Order Completed' }), s, 'order'],
    [ev({ type: 'page', url: 'https://shop.example/thankyou' }), s, 'thank-you'],
    [ev({ event: 'Product Viewed' }), buyer, 'returning'],
    [ev({ event: 'Product Reviewed' }), buyer, 'advocacy'],
  ];
  for (const [e, st, id] of cases) expect(explain(e, st, DEFAULT_RULES).rule?.id, id).toBe(id);
  expect(new Set(DEFAULT_RULES.map((r) => r.stage))).toEqual(new Set(DEFAULT_STAGES));
});
