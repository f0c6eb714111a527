// The engine-independent half of the summary (C3): each engine runs its own SQL for the raw
// aggregates; this turns them into the one shape the API and dashboard use, so rounding,
// ordering and the tie-breaks are the same whatever the engine.
import { DEFINITIONS } from './definitions.js';
import { NO_FILTERS, echoFilters } from './filters.js';

const cents = (/** @type {unknown} */ v) => Math.round((Number(v) || 0) * 100) / 100;
const int = (/** @type {unknown} */ v) => Number(v) || 0;
// ClickHouse has no NULL in these columns (they are '' there); SQLite has NULL.
const text = (/** @type {unknown} */ v) => (typeof v == 'string' && v ? v : null);

/**
 * @typedef {object} RawSummary
 * @property {{ events: any, visitors: any, visits: any, batches: any, duplicates: any, replays: any, dropped: any }} totals
 * @property {{ idx: any, channel: any, visitors: any }[]} channels
 *   per stage (idx, 0-based) and channel, the visitors who reached the stage; the funnel is their sum
 * @property {{ step: any, name: any, viewed: any, completed: any }[]} steps
 * @property {any} started                                       visitors with "Checkout Started"
 * @property {any} ordered                                       visitors with "Order Completed"
 * @property {{ kind: string, step: any, stepName: any, channel: any, currency: any, count: any, value: any }[]} abandoned
 *   the counted abandonments, grouped
 * @property {{ kind: string, visitor: string, value: any, currency: any, items: any, step: any, source: any, timestamp: string }[]} latest
 * @property {any[]} recent
 * @property {{ kind: string, stage: any, step: any, name: any, count: any }[]} friction
 *   friction events grouped by kind, stage and step (step null/'' or -1: none)
 * @property {{ visitors: any, checkouts: any, withFriction: any }} frictionTotals
 *   visitors with any friction; counted abandoned checkouts, and those with friction at their last step
 */

/**
 * @param {RawSummary & { sales: { buyers: any, orders: any, revenue: any }, currencies: { currency: any, n: any }[], range: { first: any, last: any } }} raw
 *   plus the sales (buyers, orders, revenue of the visits), order currencies and the first and last time
 * @param {string[]} stages
 * @param {string} engine
 * @param {import('./filters.js').Filters} [filters]
 */
export const summaryOf = (raw, stages, engine, filters = NO_FILTERS) => {
  const t = raw.totals;
  // The funnel is the channel mix summed: one definition, so each mix row adds up to its step.
  const funnel = stages.map((stage, i) => ({ stage, visitors: raw.channels.reduce((n, r) => n + (int(r.idx) == i ? int(r.visitors) : 0), 0) }));
  const channels = stages.map((stage, i) => ({
    stage,
    channels: raw.channels
      .filter((r) => int(r.idx) == i)
      .map((r) => ({ channel: text(r.channel) ?? 'unknown', visitors: int(r.visitors) }))
      .sort((a, b) => b.visitors - a.visitors || (a.channel < b.channel ? -1 : 1)),
  }));

  const carts = { count: 0, value: 0 };
  const checkouts = { count: 0, value: 0, byStep: /** @type {{ step: number | null, name: string | null, count: number, value: number }[]} */ ([]) };
  const byChannel = new Map();
  const currencies = new Map();
  for (const r of raw.abandoned) {
    const count = int(r.count);
    const value = Number(r.value) || 0;
    const channel = text(r.channel) ?? 'unknown';
    const c = byChannel.get(channel) ?? { channel, carts: 0, cartValue: 0, checkouts: 0, checkoutValue: 0 };
    byChannel.set(channel, c);
    const currency = text(r.currency);
    if (currency) currencies.set(currency, (currencies.get(currency) ?? 0) + count);
    if (r.kind == 'cart') {
      carts.count += count;
      carts.value += value;
      c.carts += count;
      c.cartValue += value;
      continue;
    }
    checkouts.count += count;
    checkouts.value += value;
    c.checkouts += count;
    c.checkoutValue += value;
    const step = r.step === null || r.step === undefined || r.step === '' ? null : int(r.step);
    let s = checkouts.byStep.find((x) => x.step === step);
    if (!s) checkouts.byStep.push((s = { step, name: null, count: 0, value: 0 }));
    s.count += count;
    s.value += value;
    const name = text(r.stepName);
    if (name && (s.name === null || name > s.name)) s.name = name;
  }
  carts.value = cents(carts.value);
  checkouts.value = cents(checkouts.value);
  for (const s of checkouts.byStep) s.value = cents(s.value);
  checkouts.byStep.sort((a, b) => (a.step ?? Infinity) - (b.step ?? Infinity));
  const currency = [...currencies].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? null;

  const abandonedAt = new Map(checkouts.byStep.map((s) => [s.step, s.count]));
  const steps = raw.steps
    .map((r) => {
      const viewed = int(r.viewed);
      const completed = int(r.completed);
      const step = int(r.step);
      return { step, name: text(r.name), viewed, completed, abandoned: abandonedAt.get(step) ?? 0, dropOff: Math.max(0, viewed - completed) };
    })
    .sort((a, b) => a.step - b.step);

  const friction = frictionOf(raw.friction, raw.frictionTotals, stages);
  const visitors = int(t.visitors);
  const buyers = int(raw.sales.buyers);
  const orders = int(raw.sales.orders);
  const revenue = cents(raw.sales.revenue);
  const orderCurrency = [...raw.currencies].sort((a, b) => int(b.n) - int(a.n) || (String(a.currency) < String(b.currency) ? -1 : 1))[0]?.currency;
  const when = (/** @type {unknown} */ ms) => (ms === null || ms === undefined || ms === '' || !Number(ms) ? null : new Date(Number(ms)).toISOString());
  const now = Date.now();

  return {
    generatedAt: new Date().toISOString(),
    engine,
    stages,
    filters: echoFilters(filters),
    range: { from: echoFilters(filters).from, to: echoFilters(filters).to, first: when(raw.range.first), last: when(raw.range.last) },
    totals: {
      events: int(t.events),
      visitors: int(t.visitors),
      visits: int(t.visits),
      batches: int(t.batches),
      duplicates: int(t.duplicates),
      replays: int(t.replays),
      dropped: int(t.dropped),
    },
    sales: {
      visitors,
      buyers,
      orders,
      revenue,
      aov: orders ? cents(revenue / orders) : 0,
      conversionRate: visitors ? Math.round((buyers / visitors) * 10_000) / 10_000 : 0,
      currency: text(orderCurrency) ?? currency,
    },
    funnel,
    channels,
    checkout: { started: int(raw.started), ordered: int(raw.ordered), steps },
    abandonment: {
      currency,
      carts,
      checkouts,
      byChannel: [...byChannel.values()]
        .map((c) => ({ ...c, cartValue: cents(c.cartValue), checkoutValue: cents(c.checkoutValue) }))
        .sort((a, b) => b.carts + b.checkouts - (a.carts + a.checkouts) || (a.channel < b.channel ? -1 : 1)),
      latest: raw.latest.map((r) => ({
        kind: r.kind,
        visitor: r.visitor,
        value: cents(r.value),
        currency: text(r.currency),
        items: int(r.items),
        step: r.kind == 'checkout' && r.step !== null && r.step !== '' ? int(r.step) : null,
        source: text(r.source) == 'collector' ? 'collector' : 'sdk',
        timestamp: r.timestamp,
      })),
    },
    friction,
    // a timestamp later than the collector's clock: the sender's clock runs ahead (simulated
    // visitors move theirs)
    recent: raw.recent.map(({ ts, ...r }) => ({ ...r, future: Number(ts) > now })),
    definitions: DEFINITIONS,
  };
};

/**
 * The friction block: totals, by kind, by stage (in the stages' order, then others), by
 * checkout step, and the abandoned checkouts with friction at their last step.
 * @param {RawSummary['friction']} rows
 * @param {RawSummary['frictionTotals']} totals
 * @param {string[]} stages
 */
const frictionOf = (rows, totals, stages) => {
  /** @param {(r: any) => string | number | undefined} keyOf */
  const group = (keyOf) => {
    const m = new Map();
    for (const r of rows) {
      const k = keyOf(r);
      if (k !== undefined) m.set(k, (m.get(k) ?? 0) + int(r.count));
    }
    return m;
  };
  const stepOf = (/** @type {any} */ r) => (r.step === null || r.step === undefined || r.step === '' || int(r.step) < 0 ? null : int(r.step));
  const names = new Map();
  for (const r of rows) {
    const step = stepOf(r);
    const name = text(r.name);
    if (step !== null && name && (!names.get(step) || name > names.get(step))) names.set(step, name);
  }
  const checkouts = int(totals.checkouts);
  const withFriction = int(totals.withFriction);
  const order = (/** @type {string} */ s) => (stages.indexOf(s) < 0 ? stages.length : stages.indexOf(s));
  return {
    events: rows.reduce((n, r) => n + int(r.count), 0),
    visitors: int(totals.visitors),
    byKind: [...group((r) => r.kind)].map(([kind, count]) => ({ kind, count })).sort((a, b) => b.count - a.count || (a.kind < b.kind ? -1 : 1)),
    byStage: [...group((r) => text(r.stage) ?? 'unknown')]
      .map(([stage, count]) => ({ stage, count }))
      .sort((a, b) => order(a.stage) - order(b.stage) || (a.stage < b.stage ? -1 : 1)),
    byStep: [...group((r) => stepOf(r) ?? undefined)].map(([step, count]) => ({ step, name: names.get(step) ?? null, count })).sort((a, b) => a.step - b.step),
    abandonedCheckouts: { count: checkouts, withFriction, share: checkouts ? Math.round((withFriction / checkouts) * 1000) / 1000 : 0 },
  };
};
