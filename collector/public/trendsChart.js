// Trends, drawn with uPlot (canvas; it sets its styles through CSSOM, which the page's
// style-src 'self' allows): visitors per stage, conversion rate, and revenue beside the
// abandoned value, per hour or day (UTC), every bucket between the first and the last drawn,
// the empty ones at 0. Each chart says its totals in its aria-label, since a canvas has no text.
import uPlot from '/vendor/uPlot.esm.js';
import { html, label, fmt } from './svg.js';
import { fillBuckets } from './fillBuckets.js';
import { money, rate } from './format.js';

// the stage colours of dashboard.css (stage-0..7), for the canvas
const STAGE_COLOURS = ['#6366f1', '#0ea5e9', '#f59e0b', '#10b981', '#8b5cf6', '#ec4899', '#14b8a6', '#64748b'];
const HEIGHT = 190;
// whole-number ticks for counts and money (no "0.2 visitors", no "€1 €1 €1")
const WHOLE = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000];

/**
 * @param {HTMLElement} root the trends card's chart area
 */
export const createTrends = (root) => {
  /** @type {uPlot[]} */
  let plots = [];
  const resize = new ResizeObserver(() => {
    for (const p of plots) p.setSize({ width: Math.max(200, /** @type {HTMLElement} */ (p.root.parentElement).clientWidth), height: HEIGHT });
  });

  const destroy = () => {
    for (const p of plots) p.destroy();
    plots = [];
    resize.disconnect();
  };

  /**
   * @param {any} t the trends report
   * @param {string | null} currency
   */
  const render = (t, currency) => {
    destroy();
    if (!t || t.error || !Array.isArray(t.buckets)) {
      root.replaceChildren(html('p', { class: 'empty' }, 'Trends are not available' + (t?.error ? ': ' + t.error : '.')));
      return;
    }
    const stages = /** @type {string[]} */ (t.stages ?? []);
    const interval = t.interval == 'hour' ? 'hour' : 'day';
    const buckets = fillBuckets(t.buckets, interval, (start) => ({
      start,
      visitors: 0,
      visits: 0,
      stages: stages.map(() => 0),
      buyers: 0,
      orders: 0,
      revenue: 0,
      conversionRate: 0,
      aov: 0,
      abandonedValue: 0,
    }));
    const sum = (/** @type {string} */ k) => Math.round(buckets.reduce((n, b) => n + (Number(b[k]) || 0), 0) * 100) / 100;
    root.dataset.buckets = String(buckets.length);
    root.dataset.revenue = String(sum('revenue'));
    root.dataset.abandoned = String(sum('abandonedValue'));
    root.dataset.visitors = String(sum('visitors'));
    if (!buckets.length) {
      root.replaceChildren(html('p', { class: 'empty' }, 'No visits in this range.'));
      return;
    }
    const x = buckets.map((b) => Date.parse(b.start) / 1000);
    const per = interval == 'hour' ? 'hour' : 'day';
    const charts = [
      {
        name: 'stages',
        title: `Visitors per stage, per ${per}`,
        series: stages.map((s, i) => ({
          label: label(s),
          stroke: STAGE_COLOURS[i % 8],
          width: 2,
          value: (/** @type {any} */ _u, /** @type {number | null} */ v) => (v == null ? '–' : fmt(v)),
        })),
        data: stages.map((_, i) => buckets.map((b) => b.stages?.[i] ?? 0)),
        aria: `${fmt(sum('visitors'))} visitors over ${buckets.length} ${per}s`,
        fmt: (/** @type {number} */ v) => fmt(v),
      },
      {
        name: 'conversion',
        title: `Conversion rate, per ${per}`,
        series: [{ label: 'Conversion rate', stroke: '#10b981', width: 2, value: (/** @type {any} */ _u, /** @type {number | null} */ v) => (v == null ? '–' : rate(v)) }],
        data: [buckets.map((b) => b.conversionRate ?? 0)],
        aria: `conversion rate per ${per}`,
        fmt: (/** @type {number} */ v) => rate(v),
      },
      {
        name: 'money',
        title: `Revenue and abandoned value, per ${per}`,
        series: [
          {
            label: 'Revenue',
            stroke: '#4f46e5',
            width: 2,
            fill: 'rgba(79,70,229,0.08)',
            value: (/** @type {any} */ _u, /** @type {number | null} */ v) => (v == null ? '–' : money(v, currency)),
          },
          {
            label: 'Abandoned value',
            stroke: '#dc2626',
            width: 2,
            dash: [5, 4],
            value: (/** @type {any} */ _u, /** @type {number | null} */ v) => (v == null ? '–' : money(v, currency)),
          },
        ],
        data: [buckets.map((b) => b.revenue ?? 0), buckets.map((b) => b.abandonedValue ?? 0)],
        aria: `revenue ${money(sum('revenue'), currency)}, abandoned ${money(sum('abandonedValue'), currency)}`,
        fmt: (/** @type {number} */ v) => money(v, currency),
      },
    ];
    const figures = charts.map((c) => {
      const box = html('div', { class: 'plot', role: 'img', 'aria-label': `${c.title}: ${c.aria}`, 'data-chart': c.name });
      return { c, box, figure: html('figure', { class: 'trend' }, html('figcaption', {}, c.title), box) };
    });
    root.replaceChildren(...figures.map((f) => f.figure));
    for (const { c, box } of figures) {
      /** @type {uPlot.Options} */
      const opts = {
        width: Math.max(200, box.clientWidth),
        height: HEIGHT,
        // buckets are UTC: label them in UTC too
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(max, c.name == 'conversion' ? 0.1 : c.name == 'money' ? 10 : 2)] } },
        series: [{ label: per == 'hour' ? 'Hour (UTC)' : 'Day (UTC)' }, ...c.series.map((s) => ({ ...s, points: { show: x.length < 60 } }))],
        // day buckets are ticked in whole days, hour buckets in whole hours
        axes: [
          { incrs: per == 'day' ? [86_400, 172_800, 604_800, 2_592_000, 7_776_000, 31_536_000] : [3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800] },
          { values: (_u, ticks) => ticks.map((v) => c.fmt(v)), size: 64, ...(c.name == 'conversion' ? {} : { incrs: WHOLE }) },
        ],
        cursor: { drag: { x: false, y: false } },
      };
      plots.push(new uPlot(opts, /** @type {any} */ ([x, ...c.data]), box));
      resize.observe(box);
    }
  };
  return { render, destroy };
};
