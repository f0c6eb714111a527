// Friction: what went wrong on the journey, by checkout step and by stage, and how many of the
// abandoned checkouts had friction at the step where they ended: the "what went wrong there"
// beside the checkout drop-off.
import { html, fmt, pct, label } from './svg.js';

/** One list: a heading row, then a row per entry (label, count, share of all friction). */
const list = (name, heading, rows, total, attr) =>
  html(
    'ul',
    { class: 'cart-list', 'aria-label': name },
    html('li', { class: 'head' }, html('span', {}, heading), html('span', {}, 'signals'), html('span', {}, '')),
    ...rows.map((r) => html('li', { [attr]: r.key, 'data-count': r.count }, html('span', {}, r.text), html('span', {}, fmt(r.count)), html('strong', {}, pct(r.count, total)))),
  );

/**
 * @param {{ events: number, visitors: number, byKind: { kind: string, count: number }[], byStage: { stage: string, count: number }[],
 *   byStep: { step: number, name: string | null, count: number }[], abandonedCheckouts: { count: number, withFriction: number, share: number } }} f
 * @param {Record<string, string>} d the definitions
 * @returns {HTMLElement[]}
 */
export const frictionPanel = (f, d) => {
  if (!f.events) return [html('p', { class: 'empty' }, 'No friction signals yet (rage and dead clicks, form errors, failed requests, script errors, slow pages).')];
  const a = f.abandonedCheckouts;
  return [
    html(
      'p',
      { class: 'friction-lead', 'data-friction-events': f.events, 'data-friction-visitors': f.visitors },
      html('strong', {}, fmt(f.events)),
      ` signals from ${fmt(f.visitors)} visitor${f.visitors == 1 ? '' : 's'}`,
    ),
    html(
      'p',
      { class: 'friction-lead', 'data-friction-abandoned': a.count, 'data-friction-with': a.withFriction, title: d.frictionAtAbandonment },
      html('strong', {}, pct(a.withFriction, a.count)),
      ` of abandoned checkouts (${fmt(a.withFriction)} of ${fmt(a.count)}) had friction at the step where they ended`,
    ),
    ...(f.byStep.length
      ? [
          list(
            'Friction by checkout step',
            'by checkout step',
            f.byStep.map((s) => ({ key: s.step, text: `Step ${s.step}${s.name ? ' · ' + s.name : ''}`, count: s.count })),
            f.events,
            'data-friction-step',
          ),
        ]
      : []),
    list(
      'Friction by stage',
      'by stage',
      f.byStage.map((s) => ({ key: s.stage, text: label(s.stage), count: s.count })),
      f.events,
      'data-friction-stage',
    ),
    list(
      'Friction by kind',
      'by kind',
      f.byKind.map((k) => ({ key: k.kind, text: k.kind, count: k.count })),
      f.events,
      'data-friction-kind',
    ),
    html('p', { class: 'definition' }, d.friction, html('br'), d.frictionAtAbandonment),
  ];
};
