// The journey dashboard: polls GET /api/summary every 2 seconds and redraws each panel.
import { html, show, fmt } from './svg.js';
import { funnelChart } from './funnelChart.js';
import { checkoutChart } from './checkoutChart.js';
import { channelChart } from './channelChart.js';
import { eventStream } from './eventStream.js';

const POLL_MS = 2000;
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
let seen = 0;

const money = (value, currency) => {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency: currency || 'EUR', maximumFractionDigits: 0 }).format(value);
  } catch {
    // An unknown currency code in the data must not break the page.
    return fmt(Math.round(value)) + (currency ? ' ' + currency : '');
  }
};

const kpi = (name, value, note) =>
  html('div', { class: 'kpi', 'data-kpi': name }, html('div', { class: 'kpi-value' }, value), html('div', { class: 'kpi-name' }, note));

const render = (s) => {
  const ordered = s.funnel.find((f) => f.stage == 'purchase')?.visitors ?? s.checkout.ordered;
  show(
    $('kpis'),
    kpi('visitors', fmt(s.totals.visitors), 'visitors'),
    kpi('events', fmt(s.totals.events), 'events stored'),
    kpi('buyers', fmt(ordered), 'reached purchase'),
    kpi('carts', money(s.carts.value, s.carts.currency), fmt(s.carts.count) + ' carts abandoned'),
    kpi('duplicates', fmt(s.totals.duplicates), `duplicates dropped · ${fmt(s.totals.replays)} replays`),
    kpi('dropped', fmt(s.totals.dropped), 'dropped by browsers'),
  );
  show($('funnel'), s.totals.events ? funnelChart(s.funnel) : html('p', { class: 'empty' }, 'No events yet. Point the SDK at ' + location.origin + '/v1/batch.'));
  show($('checkout'), s.checkout.started || s.checkout.steps.length ? checkoutChart(s.checkout) : html('p', { class: 'empty' }, 'No checkout yet.'));
  show(
    $('carts'),
    html(
      'div',
      { class: 'cart-total' },
      html('div', { class: 'big', 'data-carts': s.carts.count }, fmt(s.carts.count)),
      html('div', { class: 'kpi-name' }, 'carts abandoned'),
      html('div', { class: 'big money', 'data-value': s.carts.value }, money(s.carts.value, s.carts.currency)),
      html('div', { class: 'kpi-name' }, 'left in them'),
      html('div', { class: 'avg' }, s.carts.count ? money(s.carts.value / s.carts.count, s.carts.currency) : '–'),
      html('div', { class: 'kpi-name' }, 'average cart'),
    ),
    html(
      'ul',
      { class: 'cart-list' },
      ...(s.carts.latest.length ? [html('li', { class: 'head' }, html('span', {}, 'latest'), html('span', {}, ''), html('span', {}, ''))] : []),
      ...s.carts.latest.map((c) =>
        html('li', {}, html('span', { class: 'who' }, c.visitor.slice(0, 8)), html('span', {}, c.items ? fmt(c.items) + (c.items == 1 ? ' item' : ' items') : ''), html('strong', {}, money(c.value, c.currency || s.carts.currency))),
      ),
    ),
  );
  show($('channels'), s.channels.some((c) => c.channels.length) ? channelChart(s.channels) : html('p', { class: 'empty' }, 'No staged events yet.'));
  show($('stream'), ...eventStream(s.recent, s.stages, seen));
  seen = Math.max(seen, ...s.recent.map((e) => e.id));
};

const poll = async () => {
  try {
    const res = await fetch('/api/summary', { cache: 'no-store' });
    if (!res.ok) throw new Error('HTTP ' + res.status);
    render(await res.json());
    $('status').textContent = 'live · updated ' + new Date().toLocaleTimeString('en-GB', { hour12: false });
    $('status').className = 'status ok';
    document.body.dataset.loaded = 'true';
  } catch (e) {
    $('status').textContent = 'collector unreachable (' + (e instanceof Error ? e.message : e) + '), retrying';
    $('status').className = 'status down';
  }
  setTimeout(poll, POLL_MS);
};

poll();
