import { on } from '../lib/on.js';
import { whenReady } from './whenReady.js';
import { EARLY } from '../lib/early.js';

/**
 * Calls `fire('click' | 'submit', target)` for every click and submit in the document, seen
 * in the capture phase (a shop's handler that stops propagation must not hide the event), and
 * `fire('load')` once the document is parsed. Returns the function that stops them.
 * Installed by the script tag after the page started, it first replays the clicks and submits
 * the tag kept until then (src/script/earlyTriggers.ts), so none made before it loaded is lost.
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
  const early = (window as unknown as Record<symbol, [string, Element | null][] | undefined>)[EARLY];
  early?.forEach(([type, target]) => fire(type, target));
  return () => offs.forEach((off) => off());
};
