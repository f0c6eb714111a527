import { on } from '../lib/on.js';
import { whenReady } from './whenReady.js';

/**
 * Calls `fire('click' | 'submit', target)` for every click and submit in the document, seen
 * in the capture phase (a shop's handler that stops propagation must not hide the event), and
 * `fire('load')` once the document is parsed. Returns the function that stops them.
 */
export const domTriggers = (fire: (type: string, target?: Element | null) => void): (() => void) => {
  const listen = (type: string) =>
    on(
      document,
      type,
      (e) => {
        const t = e.target;
        fire(type, t instanceof Element ? t : null);
      },
      true,
    );
  const offs = [listen('click'), listen('submit'), whenReady(() => fire('load'))];
  return () => offs.forEach((off) => off());
};
