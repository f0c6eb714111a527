// The journey dashboard: polls GET /api/summary every 2 seconds and redraws each panel.
import { html, show, fmt } from './svg.js';
import { funnelChart } from './funnelChart.js';
import { checkoutChart } from './checkoutChart.js';
import { channelChart } from './channelChart.js';
import { eventStream } from './eventStream.js';
import { frictionPanel } from './frictionPanel.js';

const POLL_MS = 2000;
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

const money = (value, currency) => {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency: currency || 'EUR', maximumFractionDigits: 0 }).format(value);
  } catch {
    // An unknown currency code in the data must not break the page.
    return fmt(Math.round(value)) + (currency ? ' ' + currency : '');
  }
};

// Each tile carries its definition (from the summary, the same text as the README) as a
// tooltip; each chart has it as a footnote.
const kpi = (name, value, note, definition) =>
  html('div', { class: 'kpi', 'data-kpi': name, title: definition }, html('div', { class: 'kpi-value' }, value), html('div', { class: 'kpi-name' }, note));
const footnote = (...lines) => html('p', { class: 'definition' }, ...lines.flatMap((l, i) => (i ? [html('br'), l] : [l])));

const abandonmentPanel = (a, d) => {
  const total = a.carts.value + a.checkouts.value;
  const row = (kind, count, value, attrs) =>
    html(
      'div',
      { class: 'ab-row', ...attrs },
      html('span', { class: 'big' }, fmt(count)),
      html('span', { class: 'kpi-name' }, kind),
      html('strong', { class: 'money' }, money(value, a.currency)),
    );
  return [
    html(
      'div',
      { class: 'ab-totals' },
      row('carts abandoned', a.carts.count, a.carts.value, { 'data-carts': a.carts.count, 'data-value': a.carts.value, title: d.abandonedCarts }),
      row('checkouts abandoned', a.checkouts.count, a.checkouts.value, {
        'data-checkouts': a.checkouts.count,
        'data-checkout-value': a.checkouts.value,
        title: d.abandonedCheckouts,
      }),
      html(
        'div',
        { class: 'ab-row sum', 'data-abandoned-value': Math.round(total * 100) / 100 },
        html('span', {}, ''),
        html('span', { class: 'kpi-name' }, 'left in them'),
        html('strong', { class: 'money' }, money(total, a.currency)),
      ),
    ),
    ...(a.checkouts.byStep.length
      ? [
          html(
            'ul',
            { class: 'cart-list', 'aria-label': 'Abandoned checkouts by step' },
            html('li', { class: 'head' }, html('span', {}, 'checkouts by last step'), html('span', {}, ''), html('span', {}, '')),
            ...a.checkouts.byStep.map((s) =>
              html(
                'li',
                { 'data-ab-step': s.step ?? 'none', 'data-count': s.count },
                html('span', {}, s.step === null ? 'no step' : `Step ${s.step}${s.name ? ' · ' + s.name : ''}`),
                html('span', {}, fmt(s.count)),
                html('strong', {}, money(s.value, a.currency)),
              ),
            ),
          ),
        ]
      : []),
    ...(a.byChannel.length
      ? [
          html(
            'ul',
            { class: 'cart-list', 'aria-label': 'Abandoned by channel', title: d.abandonedByChannel },
            html('li', { class: 'head' }, html('span', {}, 'by channel'), html('span', {}, 'carts · checkouts'), html('span', {}, '')),
            ...a.byChannel.map((c) =>
              html(
                'li',
                { 'data-ab-channel': c.channel, 'data-ch-carts': c.carts, 'data-ch-checkouts': c.checkouts },
                html('span', {}, c.channel),
                html('span', {}, `${fmt(c.carts)} · ${fmt(c.checkouts)}`),
                html('strong', {}, money(c.cartValue + c.checkoutValue, a.currency)),
              ),
            ),
          ),
        ]
      : []),
    ...(a.latest.length
      ? [
          html(
            'ul',
            { class: 'cart-list' },
            html('li', { class: 'head' }, html('span', {}, 'latest'), html('span', {}, ''), html('span', {}, '')),
            ...a.latest.map((c) =>
              html(
                'li',
                { title: c.source == 'collector' ? 'noticed by the collector (the visitor never came back)' : 'noticed in the browser' },
                html('span', { class: 'who' }, c.visitor.slice(0, 8) + (c.kind == 'checkout' ? ` · step ${c.step ?? '?'}` : ' · cart')),
                html('span', {}, c.items ? fmt(c.items) + (c.items == 1 ? ' item' : ' items') : ''),
                html('strong', {}, money(c.value, c.currency || a.currency)),
              ),
            ),
          ),
        ]
      : []),
    footnote('Cart: ' + d.abandonedCarts, 'Checkout: ' + d.abandonedCheckouts, d.cancelled),
  ];
};

let seenIds = new Set();

const render = (s) => {
  const d = s.definitions;
  const a = s.abandonment;
  const ordered = s.funnel.find((f) => f.stage == 'purchase')?.visitors ?? s.checkout.ordered;
  show(
    $('kpis'),
    kpi('visitors', fmt(s.totals.visitors), 'visitors', d.visitors),
    kpi('visits', fmt(s.totals.visits), 'visits', d.visits),
    kpi('buyers', fmt(ordered), 'reached purchase', d.funnel),
    kpi(
      'abandoned',
      money(a.carts.value + a.checkouts.value, a.currency),
      `${fmt(a.carts.count)} carts · ${fmt(a.checkouts.count)} checkouts abandoned`,
      d.abandonedCarts + ' ' + d.abandonedCheckouts,
    ),
    kpi('events', fmt(s.totals.events), `events stored · ${fmt(s.totals.duplicates)} duplicates dropped`, d.events),
    kpi('dropped', fmt(s.totals.dropped), 'dropped by browsers', 'Events the browsers reported they had to drop (their outbox was full).'),
  );
  show(
    $('funnel'),
    ...(s.totals.events ? [funnelChart(s.funnel), footnote(d.funnel)] : [html('p', { class: 'empty' }, 'No events yet. Point the SDK at ' + location.origin + '/v1/batch.')]),
  );
  show(
    $('checkout'),
    ...(s.checkout.started || s.checkout.steps.length ? [checkoutChart(s.checkout), footnote(d.checkoutSteps)] : [html('p', { class: 'empty' }, 'No checkout yet.')]),
  );
  show($('carts'), ...abandonmentPanel(a, d));
  show($('friction'), ...frictionPanel(s.friction, d));
  show($('channels'), ...(s.channels.some((c) => c.channels.length) ? [channelChart(s.channels), footnote(d.channels)] : [html('p', { class: 'empty' }, 'No events yet.')]));
  show($('stream'), ...eventStream(s.recent, s.stages, seenIds));
  seenIds = new Set(s.recent.map((e) => e.id));
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
