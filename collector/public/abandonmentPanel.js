// Abandoned carts and checkouts: counts and value, by last checkout step, by channel, and the
// latest ones, each noticed in the browser or by the collector's sweep.
import { html, fmt } from './svg.js';
import { money } from './format.js';

const footnote = (/** @type {string[]} */ ...lines) => html('p', { class: 'definition' }, ...lines.flatMap((l, i) => (i ? [html('br'), l] : [l])));

/**
 * @param {any} a the summary's abandonment block
 * @param {Record<string, string>} d the definitions
 * @returns {HTMLElement[]}
 */
export const abandonmentPanel = (a, d) => {
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
