import type { Plugin, Properties } from '../types.js';
import { cartModel } from './cartModel.js';
import { commerceHub } from './commerceHub.js';
import { checkoutProgress } from './checkoutProgress.js';
import { domTriggers } from './domTriggers.js';
import { DEV, warn } from '../lib/warn.js';
import { readOptions } from '../lib/readOptions.js';
import { MAX_RULES, bounded } from '../lib/limits.js';

/**
 * A CSS-selector rule: where in a shop's HTML an event happens and where its properties are.
 * Plain JSON, so it fits a script tag's `data-capture-rules` attribute.
 */
export interface SelectorRule {
  /** The event to send, e.g. "Product Added". */
  event: string;
  /** `load` (default): sent once the page has loaded when `selector` matches; `click` or `submit`: when a matching element is clicked or submitted. */
  on?: 'load' | 'click' | 'submit';
  /** The element that triggers the rule (or must be present, for `load`). */
  selector: string;
  /** Where `fields` are read: the closest ancestor matching this selector (a product card); default the element itself. */
  scope?: string;
  /**
   * Properties read inside the scope. A value is a CSS selector (its text, or an input's
   * value), `selector@attribute`, or `@attribute` of the scope itself; `price: '.price'`.
   */
  fields?: Record<string, string>;
  /** Selector of product blocks inside the scope, sent as `products` (lists, carts, orders). */
  items?: string;
  /** Fields of each product block, as `fields`. */
  itemFields?: Record<string, string>;
  /** Fixed properties, e.g. `{ "step": 2, "step_name": "shipping" }`. */
  properties?: Properties;
}

/** Options of {@link selectors}. */
export interface SelectorsOptions {
  /** The rules, tried in order; every matching rule sends its event. */
  captureRules?: SelectorRule[];
}

const read = (root: Element, fields: Record<string, string> = {}): Properties => {
  const p: Properties = {};
  for (const k in fields) {
    const [sel, attr] = fields[k]!.split('@');
    const el = sel ? root.querySelector(sel) : root;
    if (el) p[k] = attr ? el.getAttribute(attr) : 'value' in el ? (el as HTMLInputElement).value : el.textContent!.trim();
  }
  return p;
};

/**
 * Sends canonical events from CSS-selector rules a CRO team writes for a shop that has no
 * data layer, structured data or supported platform. Prices such as "€1.299,50" are read as
 * numbers.
 *
 * @example
 * selectors({ captureRules: [
 *   { event: 'Product Added', on: 'click', selector: '.add-to-cart', scope: '.product',
 *     fields: { product_id: '@data-sku', name: 'h2', price: '.price' } },
 * ] });
 */
export const selectors = (options?: SelectorsOptions): Plugin => ({
  name: 'selectors',
  setup(api) {
    const emit = commerceHub(api, checkoutProgress, cartModel);
    const { captureRules } = readOptions('selectors()', options);
    const rules = bounded('selectors(): captureRules', captureRules || [], MAX_RULES, 'nothing is captured.', 'an array of rules such as { event, selector, fields }') as
      | SelectorRule[]
      | undefined;
    if (!rules) return;
    // Every rule of this trigger type whose selector matches (the target or an element around
    // it, or any element once loaded) sends its event; a broken rule (an invalid selector) warns
    // and the others still run.
    return domTriggers((type, target) =>
      rules.forEach((r) => {
        try {
          const el = (r.on || 'load') == type && (target ? target.closest(r.selector) : type == 'load' && document.querySelector(r.selector));
          if (!el) return;
          const root = (r.scope && el.closest(r.scope)) || el;
          const p = { ...r.properties, ...read(root, r.fields) };
          if (r.items) p.products = [...root.querySelectorAll(r.items)].map((b) => read(b, r.itemFields));
          emit('selectors', r.event, p);
        } catch (e) {
          DEV && warn('selectors(): the rule for "' + r.event + '" failed (' + e + '); check its selector and fields.');
        }
      }),
    );
  },
});
