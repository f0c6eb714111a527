import type { Report } from './friction.js';
import { on } from '../../lib/on.js';
import { guarded } from '../guarded.js';
import { whenReady } from '../whenReady.js';

type Field = HTMLInputElement;

/**
 * Sends "Form Error" for each field that failed validation: the browser's own (an `invalid`
 * event; `error` is the ValidityState flag that holds, such as `valueMissing` or
 * `patternMismatch`) and the shop's (`aria-invalid="true"` set on a field, or there when the
 * page loads after a server-side check; `error` is `aria-invalid`). Carries the field's name
 * (or id) as `field` and its form's id as `form`: never a value, never the error text (which
 * may quote the value). A field reported both ways at once is sent once.
 */
export const formError = (report: Report): (() => void) => {
  const last = new WeakMap<Element, number>();
  const send = (f: Field, error: string) => {
    const now = Date.now();
    if (now - (last.get(f) || 0) > 1000)
      last.set(f, now), report('Form Error', { field: f.name || f.id || undefined, error, form: (f.form || f.closest('form'))?.id || undefined }, f);
  };
  const aria = (f: Element) => f.getAttribute('aria-invalid') == 'true' && send(f as Field, 'aria-invalid');
  const observer = new MutationObserver(guarded('friction()', (records: MutationRecord[]) => records.forEach((r) => aria(r.target as Element))));
  observer.observe(document, { subtree: true, attributeFilter: ['aria-invalid'] });
  const offs = [
    on(
      window,
      'invalid',
      guarded('friction()', (e) => {
        const v = (e.target as Field).validity;
        // the flags are the prototype's getters, in the standard's order
        if (v) send(e.target as Field, Object.getOwnPropertyNames(Object.getPrototypeOf(v)).find((k) => v[k as 'valid'] === true) || 'invalid');
      }),
      true,
    ),
    whenReady(guarded('friction()', () => document.querySelectorAll('[aria-invalid=true]').forEach(aria))),
    () => observer.disconnect(),
  ];
  return () => offs.forEach((off) => off());
};
