// The custom funnel builder: 2 to 10 steps, each a journey stage, an event (with an optional
// property = value it must carry) or a page path pattern (* any characters); the conversion
// window and strict or any order. Every change goes to the view (and so the URL); the rows are
// rebuilt only when the view's steps differ from the form's (back/forward, a shared link), so
// typing keeps its focus.
import { html } from './svg.js';

/** Events offered as suggestions (any name can be typed). */
const EVENTS = [
  'Product Viewed',
  'Product Added',
  'Product Removed',
  'Cart Viewed',
  'Checkout Started',
  'Checkout Step Viewed',
  'Checkout Step Completed',
  'Order Completed',
  'Product Reviewed',
  'Product Shared',
  'Cart Abandoned',
  'Checkout Abandoned',
];
const MAX_STEPS = 10;
const UNITS = [
  { value: 60, label: 'minutes' },
  { value: 3600, label: 'hours' },
  { value: 86_400, label: 'days' },
];

/** A typed "where" value: numbers and true/false as such (the API compares exactly), else text. */
export const typedValue = (/** @type {string} */ v) => (/^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v == 'true' ? true : v == 'false' ? false : v);

/** A step is complete when its value is filled in. */
export const complete = (/** @type {import('./urlState.js').FunnelStep} */ s) => ('stage' in s ? !!s.stage : 'path' in s ? !!s.path : !!s.event);

/**
 * @param {HTMLElement} root
 * @param {(patch: Partial<import('./urlState.js').ViewState>) => void} onChange
 */
export const createFunnelBuilder = (root, onChange) => {
  /** @type {import('./urlState.js').FunnelStep[]} */
  let steps = [];
  /** @type {string[]} */
  let stages = [];
  let window = 604_800;
  /** @type {'strict' | 'any'} */
  let order = 'strict';

  const list = html('ol', { class: 'steps', 'aria-label': 'Funnel steps' });
  const add = /** @type {HTMLButtonElement} */ (html('button', { type: 'button', id: 'add-step' }, '+ Add step'));
  const amount = /** @type {HTMLInputElement} */ (html('input', { id: 'window-amount', type: 'number', min: 1, step: 1, required: '' }));
  const unit = /** @type {HTMLSelectElement} */ (
    html('select', { id: 'window-unit', 'aria-label': 'Window unit' }, ...UNITS.map((u) => html('option', { value: u.value }, u.label)))
  );
  const orderSelect = /** @type {HTMLSelectElement} */ (
    html(
      'select',
      { id: 'funnel-order' },
      html('option', { value: 'strict' }, 'strict: each step after the one before'),
      html('option', { value: 'any' }, 'any order, within the window'),
    )
  );
  const form = html(
    'form',
    { class: 'builder', id: 'funnel-form', 'aria-label': 'Custom funnel' },
    list,
    html(
      'div',
      { class: 'filter-row' },
      add,
      html('div', { class: 'control' }, html('label', { for: 'window-amount' }, 'Conversion window'), html('span', { class: 'inline' }, amount, unit)),
      html('div', { class: 'control' }, html('label', { for: 'funnel-order' }, 'Order'), orderSelect),
      html('button', { type: 'submit', id: 'run-funnel' }, 'Run funnel'),
    ),
    html('datalist', { id: 'funnel-events' }, ...EVENTS.map((e) => html('option', { value: e }))),
  );
  root.replaceChildren(form);

  const emit = () => onChange({ steps: steps.map((s) => ({ ...s })), customSteps: true, window, order });

  const kindOf = (/** @type {import('./urlState.js').FunnelStep} */ s) => ('stage' in s ? 'stage' : 'path' in s ? 'path' : 'event');
  const fresh = (/** @type {string} */ kind) => (kind == 'stage' ? { stage: stages[0] ?? 'awareness' } : kind == 'path' ? { path: '' } : { event: '' });

  const row = (/** @type {import('./urlState.js').FunnelStep} */ s, /** @type {number} */ i) => {
    const n = i + 1;
    const id = (/** @type {string} */ what) => `step-${n}-${what}`;
    const kind = kindOf(s);
    const kindSelect = html(
      'select',
      { id: id('kind'), 'data-field': 'kind' },
      ...['stage', 'event', 'path'].map((k) => html('option', { value: k, ...(k == kind ? { selected: '' } : {}) }, k == 'stage' ? 'Stage' : k == 'event' ? 'Event' : 'Page path')),
    );
    /** @type {HTMLElement[]} */
    const fields = [];
    if ('stage' in s) {
      const sel = /** @type {HTMLSelectElement} */ (html('select', { id: id('value'), 'data-field': 'stage' }, ...stages.map((st) => html('option', { value: st }, st))));
      sel.value = s.stage;
      fields.push(html('div', { class: 'control' }, html('label', { for: id('value') }, 'Stage'), sel));
    } else if ('path' in s) {
      fields.push(
        html(
          'div',
          { class: 'control' },
          html('label', { for: id('value') }, 'Path (* any characters)'),
          html('input', { id: id('value'), 'data-field': 'path', value: s.path, placeholder: '/checkout*', required: '' }),
        ),
      );
    } else {
      const [[key, value] = ['', '']] = Object.entries(s.where ?? {});
      fields.push(
        html(
          'div',
          { class: 'control' },
          html('label', { for: id('value') }, 'Event'),
          html('input', { id: id('value'), 'data-field': 'event', value: s.event, list: 'funnel-events', placeholder: 'Product Added', required: '' }),
        ),
        html(
          'div',
          { class: 'control' },
          html('label', { for: id('where-key') }, 'where property'),
          html('input', { id: id('where-key'), 'data-field': 'whereKey', value: key, placeholder: 'product_id' }),
        ),
        html(
          'div',
          { class: 'control' },
          html('label', { for: id('where-value') }, '= value'),
          html('input', { id: id('where-value'), 'data-field': 'whereValue', value: String(value), placeholder: 'TR-42' }),
        ),
      );
    }
    const remove = html('button', { type: 'button', class: 'remove', 'data-remove': i, 'aria-label': `Remove step ${n}`, ...(steps.length <= 1 ? { disabled: '' } : {}) }, '×');
    remove.addEventListener('click', () => {
      steps.splice(i, 1);
      draw();
      emit();
    });
    return html(
      'li',
      { class: 'step', 'data-step-index': i },
      html('span', { class: 'step-no', 'aria-hidden': 'true' }, String(n)),
      html('div', { class: 'control' }, html('label', { for: id('kind') }, `Step ${n}`), kindSelect),
      ...fields,
      remove,
    );
  };

  const draw = () => {
    list.replaceChildren(...steps.map(row));
    add.disabled = steps.length >= MAX_STEPS;
    const u = [...UNITS].reverse().find((x) => window % x.value == 0) ?? UNITS[0];
    amount.value = String(window / u.value);
    unit.value = String(u.value);
    orderSelect.value = order;
  };

  /** The step of row `li`, from its inputs. */
  const read = (/** @type {Element} */ li) => {
    const f = (/** @type {string} */ name) => /** @type {HTMLInputElement | null} */ (li.querySelector(`[data-field="${name}"]`))?.value.trim() ?? '';
    if (li.querySelector('[data-field="stage"]')) return { stage: f('stage') };
    if (li.querySelector('[data-field="path"]')) return { path: f('path') };
    const key = f('whereKey');
    return key ? { event: f('event'), where: { [key]: typedValue(f('whereValue')) } } : { event: f('event') };
  };

  form.addEventListener('change', (e) => {
    const t = /** @type {HTMLElement} */ (e.target);
    const li = t.closest('li.step');
    if (li) {
      const i = Number(li.getAttribute('data-step-index'));
      if (t.dataset.field == 'kind') {
        steps[i] = fresh(/** @type {HTMLSelectElement} */ (t).value);
        draw();
        /** @type {HTMLElement | null} */ (list.querySelector(`#step-${i + 1}-kind`))?.focus();
      } else steps[i] = read(li);
    } else {
      window = Math.max(1, Math.round(Number(amount.value) || 1)) * Number(unit.value);
      order = orderSelect.value == 'any' ? 'any' : 'strict';
    }
    emit();
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    steps = [...list.querySelectorAll('li.step')].map(read);
    emit();
  });
  add.addEventListener('click', () => {
    steps.push(fresh('event'));
    draw();
    /** @type {HTMLElement | null} */ (list.querySelector(`#step-${steps.length}-kind`))?.focus();
    emit();
  });

  return {
    /**
     * Shows the view's funnel (rebuilding the rows only when they differ from the form's).
     * @param {import('./urlState.js').ViewState} s
     * @param {string[]} stageNames
     */
    update: (s, stageNames) => {
      const same = JSON.stringify(s.steps) == JSON.stringify(steps) && s.window == window && s.order == order && stageNames.join() == stages.join();
      if (same) return;
      steps = s.steps.map((x) => ({ ...x }));
      stages = stageNames;
      window = s.window;
      order = s.order;
      draw();
    },
  };
};
