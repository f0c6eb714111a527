// The stage funnel: one centred bar per stage, as wide as its share of the widest stage,
// with the visitor count on the bar and the conversion from the stage before it on the
// right. Each bar carries data-stage and data-count so tests read the numbers it shows.
import { svg, stageClass, fmt, pct, label } from './svg.js';

const W = 760;
const ROW = 46;
const LEFT = 130;
const RIGHT = 120;

/**
 * @param {{ stage: string, visitors: number }[]} rows in stage order
 * @returns {SVGSVGElement}
 */
export const funnelChart = (rows) => {
  const max = Math.max(1, ...rows.map((r) => r.visitors));
  const span = W - LEFT - RIGHT;
  const root = svg('svg', { viewBox: `0 0 ${W} ${rows.length * ROW + 8}`, class: 'funnel', role: 'img', 'aria-label': 'Stage funnel' });
  rows.forEach((r, i) => {
    const y = i * ROW + 4;
    const w = Math.max(4, (r.visitors / max) * span);
    const x = LEFT + (span - w) / 2;
    const prev = rows[i - 1];
    const g = svg('g', { class: 'funnel-row', 'data-stage': r.stage, 'data-count': r.visitors });
    g.append(
      svg('text', { x: 0, y: y + ROW / 2, class: 'axis-label', 'dominant-baseline': 'middle' }, label(r.stage)),
      svg('rect', { x: LEFT, y: y + 3, width: span, height: ROW - 10, rx: 6, class: 'track' }),
      svg('rect', { x, y: y + 3, width: w, height: ROW - 10, rx: 6, class: 'bar ' + stageClass(i) }),
      svg('text', { x: LEFT + span / 2, y: y + ROW / 2 - 1, class: 'bar-value', 'text-anchor': 'middle', 'dominant-baseline': 'middle' }, fmt(r.visitors)),
      svg('text', { x: W - RIGHT + 14, y: y + ROW / 2 - 7, class: 'share', 'dominant-baseline': 'middle' }, pct(r.visitors, rows[0]?.visitors ?? 0) + ' of all'),
      svg(
        'text',
        { x: W - RIGHT + 14, y: y + ROW / 2 + 9, class: 'step-rate', 'dominant-baseline': 'middle' },
        prev ? '↳ ' + pct(r.visitors, prev.visitors) + ' of previous' : 'entry',
      ),
    );
    root.append(g);
  });
  return root;
};
