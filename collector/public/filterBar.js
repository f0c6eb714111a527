// The filter bar: the date range (a preset, or a custom from/to in local time), "compare to
// previous period", and one select per segment dimension, whose values come from the segments
// report. Built once; update() sets the controls from the view (after a reload or back/forward)
// without rebuilding them, so focus stays where the person left it.
import { html } from './svg.js';
import { DIMENSIONS, PRESETS } from './urlState.js';

const NAMES = { channel: 'Channel', campaign: 'Campaign', device: 'Device', visitor: 'New or returning', landing: 'Landing page' };

/** ISO → the value of a datetime-local input, in the browser's time zone ("2026-11-01T09:30"). */
export const localValue = (/** @type {string | null} */ iso) => {
  if (!iso) return '';
  const d = new Date(iso);
  const p = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
};
/** A datetime-local value (local time) → ISO, or null when empty or unreadable. */
const isoOf = (/** @type {string} */ v) => (v && Number.isFinite(new Date(v).getTime()) ? new Date(v).toISOString() : null);

/**
 * @param {HTMLElement} root where the bar goes
 * @param {(patch: Partial<import('./urlState.js').ViewState>) => void} onChange
 */
export const createFilterBar = (root, onChange) => {
  const control = (/** @type {string} */ id, /** @type {string} */ text, /** @type {HTMLElement} */ input) =>
    html('div', { class: 'control' }, html('label', { for: id }, text), input);
  const preset = /** @type {HTMLSelectElement} */ (html('select', { id: 'preset', name: 'preset' }, ...PRESETS.map((p) => html('option', { value: p.value }, p.label))));
  const from = /** @type {HTMLInputElement} */ (html('input', { id: 'from', name: 'from', type: 'datetime-local' }));
  const to = /** @type {HTMLInputElement} */ (html('input', { id: 'to', name: 'to', type: 'datetime-local' }));
  const compare = /** @type {HTMLInputElement} */ (html('input', { id: 'compare', name: 'compare', type: 'checkbox' }));
  /** @type {Record<string, HTMLSelectElement>} */
  const selects = {};
  for (const d of DIMENSIONS) selects[d] = /** @type {HTMLSelectElement} */ (html('select', { id: 'f-' + d, name: d, 'data-filter': d }, html('option', { value: '' }, 'All')));
  const reset = html('button', { type: 'button', id: 'reset' }, 'Clear filters');
  const note = html('p', { class: 'range-note', id: 'range-note', 'aria-live': 'polite' });

  preset.addEventListener('change', () =>
    onChange(preset.value == 'custom' ? { preset: 'custom', from: isoOf(from.value), to: isoOf(to.value) } : { preset: preset.value, from: null, to: null }),
  );
  // typing a date makes the range a custom one, starting from what the preset showed
  for (const input of [from, to]) input.addEventListener('change', () => onChange({ preset: 'custom', from: isoOf(from.value), to: isoOf(to.value) }));
  compare.addEventListener('change', () => onChange({ compare: compare.checked }));
  for (const d of DIMENSIONS) selects[d].addEventListener('change', () => onChange({ [d]: selects[d].value || null }));
  reset.addEventListener('click', () => onChange(Object.fromEntries(DIMENSIONS.map((d) => [d, null]))));

  root.replaceChildren(
    html(
      'div',
      { class: 'filter-row' },
      control('preset', 'Date range', preset),
      control('from', 'From', from),
      control('to', 'To (exclusive)', to),
      html('div', { class: 'control check' }, compare, html('label', { for: 'compare' }, 'Compare to previous period')),
    ),
    html('div', { class: 'filter-row' }, ...DIMENSIONS.map((d) => control('f-' + d, NAMES[d], selects[d])), html('div', { class: 'control end' }, reset)),
    note,
  );

  return {
    /**
     * Sets the controls from the view and the range it resolved to.
     * @param {import('./urlState.js').ViewState} s
     * @param {{ from: string | null, to: string | null }} range
     * @param {string} text a sentence about the range (and the data in it)
     */
    update: (s, range, text) => {
      preset.value = s.preset;
      // outside a custom range the inputs show what the preset covers (all time: empty)
      if (document.activeElement != from) from.value = localValue(range.from);
      if (document.activeElement != to) to.value = localValue(range.to);
      compare.checked = s.compare;
      for (const d of DIMENSIONS) {
        const v = s[d] ?? '';
        // a value from the URL the report does not offer (yet) is still shown, and selected
        if (v && ![...selects[d].options].some((o) => o.value == v)) selects[d].append(html('option', { value: v }, v));
        selects[d].value = v;
      }
      note.textContent = text;
    },
    /**
     * Offers a dimension's values (from the segments report, with their visitors).
     * @param {string} d
     * @param {{ segment: string | null, visitors: number }[]} rows
     * @param {string | null} selected
     */
    options: (d, rows, selected) => {
      const select = selects[d];
      const values = rows.filter((r) => r.segment !== null).map((r) => /** @type {string} */ (r.segment));
      if (selected && !values.includes(selected)) values.push(selected);
      const visitors = new Map(rows.map((r) => [r.segment, r.visitors]));
      const options = [html('option', { value: '' }, 'All'), ...values.map((v) => html('option', { value: v }, visitors.has(v) ? `${v} (${visitors.get(v)})` : v))];
      const same = (/** @type {HTMLOptionElement[]} */ list) => list.map((o) => o.value + '=' + o.textContent).join('\n');
      if (same([...select.options]) == same(/** @type {HTMLOptionElement[]} */ (options))) return;
      select.replaceChildren(...options);
      select.value = selected ?? '';
    },
  };
};
