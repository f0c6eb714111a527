// The journey dashboard. The view (range, compare, segment filters, trends interval, breakdown
// dimension, custom funnel) lives in the URL (urlState.js); every panel reads the same filters.
// The summary (tiles, stage funnel, checkout, channels, abandoned, friction, live stream) is
// polled every 2 s; the reports (trends, breakdown, custom funnel, products, paths, time to
// convert) on every change of the view and every 10 s. A panel redraws only when its answer
// changed. body[data-view] names the view shown, body[data-rendered] the view whose panels have
// all been drawn (tests wait for the two to agree), body[data-query] the API filters they used.
import { html, show } from './svg.js';
import { DIMENSIONS, readState, writeState, PRESETS } from './urlState.js';
import { rangeOf, previousRange, rangeName } from './rangeOf.js';
import { filterParams, getJson } from './api.js';
import { createFilterBar } from './filterBar.js';
import { kpiTiles } from './kpiTiles.js';
import { funnelChart } from './funnelChart.js';
import { checkoutChart } from './checkoutChart.js';
import { channelChart } from './channelChart.js';
import { eventStream } from './eventStream.js';
import { frictionPanel } from './frictionPanel.js';
import { abandonmentPanel } from './abandonmentPanel.js';
import { createTrends } from './trendsChart.js';
import { segmentTable } from './segmentTable.js';
import { createFunnelBuilder, complete } from './funnelBuilder.js';
import { funnelTable } from './funnelTable.js';
import { productsTable } from './productsTable.js';
import { pathsTable } from './pathsTable.js';
import { convertTable } from './convertTable.js';

const POLL_MS = 2000;
const REPORTS_EVERY = 5;
const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const footnote = (/** @type {string[]} */ ...lines) => html('p', { class: 'definition' }, ...lines.flatMap((l, i) => (i ? [html('br'), l] : [l])));
const when = (/** @type {string | null | undefined} */ iso) => (iso ? new Date(iso).toLocaleString('en-GB', { hour12: false, dateStyle: 'medium', timeStyle: 'short' }) : '…');

/** Starts the dashboard on this page: reads the view from the URL, draws it, keeps it live. */
export const startDashboard = () => {
  let state = readState(location.search);
  let tick = 0;
  /** @type {Set<string>} */
  let seenIds = new Set();
  /** the last answer drawn per panel, so an unchanged one is not redrawn */
  const drawn = new Map();
  /** @type {Record<string, string>} */
  let definitions = {};
  /** @type {string[]} */
  let stages = [];
  let currency = /** @type {string | null} */ (null);

  const viewOf = () => {
    const range = rangeOf(state, Date.now());
    const filters = filterParams(state, range);
    return { range, filters, key: writeState(state) + '|' + filters.toString() };
  };

  /** @param {Partial<import('./urlState.js').ViewState>} patch */
  const change = (patch) => {
    state = { ...state, ...patch };
    const qs = writeState(state);
    if ('?' + qs != location.search && !(qs == '' && location.search == '')) history.pushState(null, '', qs ? '?' + qs : location.pathname);
    refresh(true);
  };

  const bar = createFilterBar($('filters'), change);
  const builder = createFunnelBuilder($('funnel-builder'), change);
  const trends = createTrends($('trends'));
  const interval = /** @type {NodeListOf<HTMLInputElement>} */ (document.querySelectorAll('input[name=interval]'));
  for (const r of interval) r.addEventListener('change', () => r.checked && change({ interval: r.value == 'hour' ? 'hour' : 'day' }));
  const by = /** @type {HTMLSelectElement} */ ($('segment-by'));
  by.addEventListener('change', () => change({ by: by.value }));
  window.addEventListener('popstate', () => {
    state = readState(location.search);
    refresh(true);
  });

  /** Draws `panel` from `data` unless it is the answer drawn last time. */
  const once = (/** @type {string} */ panel, /** @type {unknown} */ data, /** @type {() => void} */ draw) => {
    const text = JSON.stringify(data, (k, v) => (k == 'generatedAt' ? undefined : v));
    if (drawn.get(panel) == text) return;
    drawn.set(panel, text);
    draw();
  };

  const rangeText = (/** @type {{ from: string | null, to: string | null }} */ range, /** @type {any} */ s) => {
    const label = PRESETS.find((p) => p.value == state.preset)?.label ?? 'Custom';
    const span = range.from || range.to ? `${range.from ? when(range.from) : 'the start'} to ${range.to ? when(range.to) : 'now'}` : 'everything stored';
    const data = s?.range ? (s.range.first ? `; events from ${when(s.range.first)} to ${when(s.range.last)}` : '; no events in it') : '';
    const compare = state.compare
      ? previousRange(range)
        ? `; compared with ${when(previousRange(range)?.from)} to ${when(range.from)}`
        : '; all time has no previous period to compare with'
      : '';
    return `${label}: ${span}${data}${compare}.`;
  };

  const drawSummary = (/** @type {any} */ s, /** @type {any} */ prev) => {
    const d = (definitions = s.definitions ?? {});
    stages = s.stages ?? stages;
    currency = s.sales?.currency ?? s.abandonment?.currency ?? null;
    show($('kpis'), ...kpiTiles(s, prev));
    show(
      $('funnel'),
      ...(s.totals.events
        ? [funnelChart(s.funnel), footnote(d.funnel)]
        : [html('p', { class: 'empty' }, 'No events in this view. Point the SDK at ' + location.origin + '/v1/batch.')]),
    );
    show(
      $('checkout'),
      ...(s.checkout.started || s.checkout.steps.length ? [checkoutChart(s.checkout), footnote(d.checkoutSteps)] : [html('p', { class: 'empty' }, 'No checkout in this view.')]),
    );
    show($('carts'), ...abandonmentPanel(s.abandonment, d));
    show($('friction'), ...frictionPanel(s.friction, d));
    show(
      $('channels'),
      ...(s.channels.some((/** @type {any} */ c) => c.channels.length)
        ? [channelChart(s.channels), footnote(d.channels)]
        : [html('p', { class: 'empty' }, 'No events in this view.')]),
    );
    show($('stream'), ...eventStream(s.recent, s.stages, seenIds));
    seenIds = new Set(s.recent.map((/** @type {any} */ e) => e.id));
    $('range-definition').textContent = (d.range ?? '') + ' ' + (d.segments ?? '');
  };

  /** @param {boolean} reports also the reports (a new view, or their turn) */
  const refresh = async (reports) => {
    const view = viewOf();
    const { range, filters } = view;
    document.body.dataset.view = view.key;
    document.body.dataset.query = filters.toString();
    if (reports) document.body.dataset.rendered = '';
    builder.update(state, stages.length ? stages : ['awareness', 'consideration', 'decision', 'purchase', 'retention', 'advocacy']);
    for (const r of interval) r.checked = r.value == state.interval;
    by.value = state.by;
    const prevRange = state.compare ? previousRange(range) : null;
    const named = (/** @type {string} */ what) =>
      `waymark-${what}-${rangeName(range)}${DIMENSIONS.filter((d) => state[d])
        .map((d) => `-${d}=${state[d]}`)
        .join('')}`;
    const funnelReady = state.steps.length >= 2 && state.steps.every(complete);
    const [s, prev, ...rest] = await Promise.all([
      getJson('/api/summary', filters),
      prevRange ? getJson('/api/summary', filterParams(state, prevRange)) : null,
      ...(reports
        ? [
            getJson('/api/trends', filters, { interval: state.interval }),
            getJson('/api/segments', filters, { by: state.by }),
            funnelReady
              ? getJson('/api/funnel', filters, { steps: JSON.stringify(state.steps), window: String(state.window), order: state.order })
              : { error: state.steps.length < 2 ? 'add at least 2 steps' : 'fill in every step' },
            getJson('/api/products', filters),
            getJson('/api/paths', filters),
            getJson('/api/time-to-convert', filters),
            // each filter offers the values seen in the range (not narrowed by the other filters)
            ...DIMENSIONS.map((d) =>
              getJson('/api/segments', filterParams({ ...state, channel: null, campaign: null, device: null, visitor: null, landing: null }, range), { by: d }),
            ),
          ]
        : []),
    ]);
    // the view changed while these were on their way: a newer refresh draws it
    if (viewOf().key != view.key) return;
    if (s.error) {
      $('status').textContent = 'collector unreachable (' + s.error + '), retrying';
      $('status').className = 'status down';
      return;
    }
    once('summary', [s, prev], () => drawSummary(s, prev?.error ? null : prev));
    bar.update(state, range, rangeText(range, s));
    if (reports) {
      const [t, seg, fun, products, paths, ttc, ...options] = rest;
      const d = definitions;
      once('trends', [t, currency], () => {
        trends.render(t, currency);
        $('trends-definition').textContent = d.trends ?? '';
      });
      once('segments', [seg, named('segments-by-' + state.by), currency], () =>
        show($('segments'), ...segmentTable(seg, { currency, d, file: named('segments-by-' + state.by), pick: (v) => change({ [state.by]: v }) })),
      );
      once('custom-funnel', [fun, named('funnel'), currency], () => show($('custom-funnel'), ...funnelTable(fun, { d, file: named('funnel') })));
      once('products', [products, named('products'), currency], () => show($('products'), ...productsTable(products, { currency, d, file: named('products') })));
      once('paths', [paths, named('paths'), currency], () => show($('paths'), ...pathsTable(paths, { d, file: named('paths') })));
      once('ttc', [ttc, named('time-to-convert'), currency], () => show($('time-to-convert'), ...convertTable(ttc, { d, file: named('time-to-convert') })));
      DIMENSIONS.forEach((dim, i) => {
        const o = options[i];
        if (o && Array.isArray(o.rows)) bar.options(dim, o.rows, state[dim]);
      });
      bar.update(state, range, rangeText(range, s));
      document.body.dataset.rendered = view.key;
    }
    $('status').textContent = 'live · updated ' + new Date().toLocaleTimeString('en-GB', { hour12: false });
    $('status').className = 'status ok';
    document.body.dataset.loaded = 'true';
  };

  const poll = async () => {
    try {
      await refresh(tick++ % REPORTS_EVERY == 0);
    } finally {
      setTimeout(poll, POLL_MS);
    }
  };
  poll();
};

startDashboard();
