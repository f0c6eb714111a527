import type { Properties } from '../../types.js';

// A name without digits: ids and classes with digits are mostly made by a framework or a
// CSS-in-JS build (`css-1x2y3z`, `ember412`) and change from one deploy to the next.
const STABLE = /^[a-z][a-z_-]*$/i;

/**
 * What a friction event says about the element it happened on: its `role` (its ARIA `role`,
 * else `link` or `button` when it is one, else an input's type or the tag), a short stable CSS `selector` (up to three levels, up to the nearest
 * stable id; names and classes without digits) and, for a button or a link only, its `label`
 * when shorter than 40 characters. Never a field's value, never other text.
 */
export const describe = (el: Element): Properties => {
  const tag = el.localName;
  const type = (el as HTMLInputElement).type;
  // the ARIA role it has, else the one a link or a button implies, else what it is
  const role = el.getAttribute('role') || (tag == 'a' ? 'link' : tag == 'input' ? (/^(submit|button|image|reset)$/.test(type) ? 'button' : type) : tag);
  let selector = '';
  for (let e: Element | null = el, i = 0; e && i++ < 3 && !selector.startsWith('#'); e = e.parentElement) {
    const name = e.getAttribute('name');
    const cls = [...e.classList].find((c) => STABLE.test(c));
    selector = (STABLE.test(e.id) ? '#' + e.id : e.localName + (name && STABLE.test(name) ? '[name=' + name + ']' : cls ? '.' + cls : '')) + (selector && '>' + selector);
  }
  const label = /^(button|link)$/.test(role) && (el.getAttribute('aria-label') || el.textContent || '').trim().replace(/\s+/g, ' ');
  return { role, selector, label: label && label.length < 40 ? label : undefined };
};
