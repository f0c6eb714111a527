// Checkout drop-off: for each step, a pale bar of visitors who viewed it with a solid bar of
// those who completed it on top; the gap is the drop-off, stated in red beside it with the
// checkouts abandoned at that step. Checkout Started heads the chart, orders end it.
import { svg, fmt, pct } from './svg.js';

const W = 520;
const ROW = 44;
const LEFT = 100;
const RIGHT = 140;

/**
 * @param {{ started: number, ordered: number, steps: { step: number, name: string | null, viewed: number, completed: number, abandoned: number, dropOff: number }[] }} data
 * @returns {SVGSVGElement}
 */
export const checkoutChart = (data) => {
  const rows = [
    { key: 'started', text: 'Started', sub: '', viewed: data.started, completed: data.started, note: '', abandoned: 0 },
    ...data.steps.map((s) => ({
      key: 'step-' + s.step,
      text: 'Step ' + s.step,
      sub: s.name ?? '',
      viewed: s.viewed,
      completed: s.completed,
      note: s.dropOff ? `−${fmt(s.dropOff)} (${pct(s.dropOff, s.viewed)})` : 'no drop-off',
      abandoned: s.abandoned,
    })),
    { key: 'ordered', text: 'Ordered', sub: '', viewed: data.ordered, completed: data.ordered, note: pct(data.ordered, data.started) + ' of started', abandoned: 0 },
  ];
  const max = Math.max(1, ...rows.map((r) => r.viewed));
  const span = W - LEFT - RIGHT;
  const root = svg('svg', { viewBox: `0 0 ${W} ${rows.length * ROW + 26}`, class: 'checkout', role: 'img', 'aria-label': 'Checkout drop-off per step' });
  rows.forEach((r, i) => {
    const y = i * ROW + 4;
    const mid = y + (ROW - 12) / 2 + 2;
    const g = svg('g', { 'data-step': r.key, 'data-viewed': r.viewed, 'data-completed': r.completed });
    g.append(
      svg('text', { x: 0, y: r.sub ? mid - 7 : mid, class: 'axis-label', 'dominant-baseline': 'middle' }, r.text),
      svg('rect', { x: LEFT, y: y + 2, width: Math.max(2, (r.viewed / max) * span), height: ROW - 12, rx: 4, class: 'viewed' }),
      svg('rect', { x: LEFT, y: y + 2, width: Math.max(2, (r.completed / max) * span), height: ROW - 12, rx: 4, class: r.key == 'ordered' ? 'ordered' : 'completed' }),
      svg('text', { x: LEFT + 8, y: mid, class: 'bar-value', 'dominant-baseline': 'middle' }, r.key.startsWith('step') ? `${fmt(r.completed)} / ${fmt(r.viewed)}` : fmt(r.viewed)),
      svg(
        'text',
        { x: W - RIGHT + 10, y: mid - (r.abandoned ? 7 : 0), class: r.key.startsWith('step') && r.viewed > r.completed ? 'drop' : 'step-rate', 'dominant-baseline': 'middle' },
        r.note,
      ),
    );
    // Step names come from the shop's data: keep long ones from running into the bars.
    if (r.sub) g.append(svg('text', { x: 0, y: mid + 9, class: 'step-rate', 'dominant-baseline': 'middle' }, r.sub.length > 14 ? r.sub.slice(0, 13) + '…' : r.sub));
    if (r.abandoned) g.append(svg('text', { x: W - RIGHT + 10, y: mid + 9, class: 'step-rate', 'dominant-baseline': 'middle' }, fmt(r.abandoned) + ' abandoned here'));
    root.append(g);
  });
  const ly = rows.length * ROW + 14;
  root.append(
    svg('rect', { x: LEFT, y: ly - 6, width: 12, height: 12, rx: 2, class: 'completed' }),
    svg('text', { x: LEFT + 18, y: ly, class: 'legend', 'dominant-baseline': 'middle' }, 'completed'),
    svg('rect', { x: LEFT + 100, y: ly - 6, width: 12, height: 12, rx: 2, class: 'viewed' }),
    svg('text', { x: LEFT + 118, y: ly, class: 'legend', 'dominant-baseline': 'middle' }, 'viewed, not completed'),
  );
  return root;
};
