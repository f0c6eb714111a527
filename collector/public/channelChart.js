// Channel mix by stage: one 100% stacked bar per stage, a colour per channel (the same
// colour for a channel on every row), with the share printed on segments wide enough to
// hold it and a legend below.
import { svg, label, pct } from './svg.js';

const W = 520;
const ROW = 34;
const LEFT = 110;
const RIGHT = 50;

/**
 * @param {{ stage: string, channels: { channel: string, visitors: number }[] }[]} mix in stage order
 * @returns {SVGSVGElement}
 */
export const channelChart = (mix) => {
  // Channels ordered by visitors overall, so the biggest keep the first (strongest) colours.
  const totals = new Map();
  for (const s of mix) for (const c of s.channels) totals.set(c.channel, (totals.get(c.channel) ?? 0) + c.visitors);
  const channels = [...totals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c]) => c);
  const colour = (c) => (c == 'unknown' ? 'ch-none' : 'ch-' + (channels.filter((x) => x != 'unknown').indexOf(c) % 9));
  const span = W - LEFT - RIGHT;
  const legendRows = Math.ceil(channels.length / 3);
  const root = svg('svg', { viewBox: `0 0 ${W} ${mix.length * ROW + 12 + legendRows * 20}`, class: 'channels', role: 'img', 'aria-label': 'Channel mix by stage' });
  mix.forEach((s, i) => {
    const y = i * ROW + 4;
    const total = s.channels.reduce((n, c) => n + c.visitors, 0);
    const g = svg('g', { 'data-stage': s.stage, 'data-visitors': total });
    g.append(svg('text', { x: 0, y: y + ROW / 2 - 2, class: 'axis-label', 'dominant-baseline': 'middle' }, label(s.stage)));
    g.append(svg('rect', { x: LEFT, y: y + 2, width: span, height: ROW - 10, rx: 4, class: 'track' }));
    let x = LEFT;
    for (const c of s.channels) {
      const w = total ? (c.visitors / total) * span : 0;
      const seg = svg('rect', { x, y: y + 2, width: Math.max(0, w - 1), height: ROW - 10, class: colour(c.channel), 'data-channel': c.channel, 'data-visitors': c.visitors });
      seg.append(svg('title', {}, `${label(s.stage)} · ${c.channel}: ${c.visitors} visitors (${pct(c.visitors, total)})`));
      g.append(seg);
      if (w > 34) g.append(svg('text', { x: x + w / 2, y: y + ROW / 2 - 2, class: 'seg-value', 'text-anchor': 'middle', 'dominant-baseline': 'middle' }, pct(c.visitors, total)));
      x += w;
    }
    g.append(svg('text', { x: W - RIGHT + 8, y: y + ROW / 2 - 2, class: 'step-rate', 'dominant-baseline': 'middle' }, total ? String(total) : '–'));
    root.append(g);
  });
  const top = mix.length * ROW + 14;
  channels.forEach((c, i) => {
    const x = LEFT + (i % 3) * 130;
    const y = top + Math.floor(i / 3) * 20;
    root.append(svg('rect', { x, y, width: 12, height: 12, rx: 2, class: colour(c) }), svg('text', { x: x + 18, y: y + 6, class: 'legend', 'dominant-baseline': 'middle' }, c));
  });
  return root;
};
