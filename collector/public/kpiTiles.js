// The KPI tiles: visitors, visits, buyers, conversion rate, orders, revenue, AOV, abandoned
// value, events and dropped events. Each carries its definition as a tooltip; with "compare to
// previous period" the figures with a previous value show their change ("+12 % vs previous").
// A summary without the sales block (an older collector) shows "–" there, never throws.
import { html, fmt } from './svg.js';
import { change, money, rate } from './format.js';

/**
 * @param {any} s the summary
 * @param {any} prev the previous period's summary, or null
 * @returns {HTMLElement[]}
 */
export const kpiTiles = (s, prev) => {
  const d = s.definitions ?? {};
  const a = s.abandonment;
  const currency = s.sales?.currency ?? a?.currency;
  const abandoned = (/** @type {any} */ x) => (x?.abandonment ? Math.round((x.abandonment.carts.value + x.abandonment.checkouts.value) * 100) / 100 : null);
  const buyers = (/** @type {any} */ x) => x?.sales?.buyers ?? x?.funnel?.find((/** @type {any} */ f) => f.stage == 'purchase')?.visitors ?? null;
  /** @type {[string, number | null, (v: number) => string, string, string, (x: any) => number | null][]} */
  const tiles = [
    ['visitors', s.totals.visitors, fmt, 'visitors', d.visitors, (x) => x?.totals?.visitors ?? null],
    ['visits', s.totals.visits, fmt, 'visits', d.visits, (x) => x?.totals?.visits ?? null],
    ['buyers', buyers(s), fmt, s.sales ? 'buyers' : 'reached purchase', s.sales ? d.conversionRate : d.funnel, buyers],
    ['conversion', s.sales?.conversionRate ?? null, rate, 'conversion rate', d.conversionRate, (x) => x?.sales?.conversionRate ?? null],
    ['orders', s.sales?.orders ?? null, fmt, 'orders', d.orders, (x) => x?.sales?.orders ?? null],
    ['revenue', s.sales?.revenue ?? null, (v) => money(v, currency), 'revenue', d.revenue, (x) => x?.sales?.revenue ?? null],
    ['aov', s.sales?.aov ?? null, (v) => money(v, currency, true), 'average order value', d.aov, (x) => x?.sales?.aov ?? null],
    [
      'abandoned',
      abandoned(s),
      (v) => money(v, a?.currency),
      a ? `${fmt(a.carts.count)} carts · ${fmt(a.checkouts.count)} checkouts abandoned` : 'abandoned',
      (d.abandonedCarts ?? '') + ' ' + (d.abandonedCheckouts ?? ''),
      abandoned,
    ],
    ['events', s.totals.events, fmt, `events stored · ${fmt(s.totals.duplicates)} duplicates dropped`, d.events, () => null],
    ['dropped', s.totals.dropped, fmt, 'dropped by browsers', 'Events the browsers reported they had to drop (their outbox was full).', () => null],
  ];
  return tiles.map(([name, value, show, note, definition, of]) => {
    const before = prev ? of(prev) : null;
    const delta = value !== null && before !== null ? change(value, before) : null;
    return html(
      'div',
      { class: 'kpi', 'data-kpi': name, 'data-value': value ?? undefined, title: definition },
      html('div', { class: 'kpi-value' }, value === null ? '–' : show(value)),
      html('div', { class: 'kpi-name' }, note),
      ...(delta
        ? [
            html(
              'div',
              { class: 'kpi-change ' + delta.sign, 'data-previous': /** @type {number} */ (before), title: 'previous period: ' + show(/** @type {number} */ (before)) },
              delta.text,
            ),
          ]
        : []),
    );
  });
};
