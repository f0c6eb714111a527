import type { Report } from './friction.js';
import { on } from '../../lib/on.js';
import { guarded } from '../guarded.js';
import { actionable } from './actionable.js';

/** When presses are a rage click: `clicks` (default 3), each within `within` ms (700) and `radius` px (30) of the one before. */
export interface RageClickOptions {
  clicks?: number;
  within?: number;
  radius?: number;
}

const href = () => location.href.split('#')[0]!;

/**
 * Rage and dead clicks, from the visitor's own presses (`isTrusted`; presses, not clicks: a
 * disabled button gets no click event, and a disabled Pay button is what people hammer). A
 * burst is the presses on one target, each within `within` ms and `radius` px of the one
 * before, while the page did not answer: no DOM change near the target (inside its
 * grandparent, so a stepper's count, a menu beside its toggle and the toggle's own
 * `aria-expanded` all count), no field the page changed (the `input` or `change` event it
 * sent: the browser's own, for typing or a blur, are no answer), no request answered, no scroll, no form
 * that failed validation, no navigation (the URL outside its hash). An answer ends the burst.
 *
 * "Rage Click": the burst reached `clicks` presses (once per burst), not in a form field or
 * its label, and selected no text (a triple click selects a paragraph).
 * "Dead Click": the burst was on something actionable (see {@link actionable}), was no rage
 * click, and 1 s after its last press nothing had answered, the page still shown. Not for a
 * link that opens elsewhere (a `target`, a modifier key, mailto: or tel:).
 */
export const clickFriction = (report: Report, rage: RageClickOptions | boolean | undefined, dead: boolean, endpoint: string): (() => void) => {
  const { clicks = 3, within = 700, radius = 30 } = rage instanceof Object ? rage : {};
  let target: Element | undefined;
  // the actionable element of the burst, when it is to be checked for a dead click
  let control: Element | false | undefined;
  let region: Element;
  let url = '';
  let n = 0;
  let last = 0;
  let x = 0;
  let y = 0;
  let answered = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stop = () => {};
  const answer = () => void (answered = 1);
  // A field the page itself changed says so with an event of its own making; the browser's
  // (typing, or the change a blur commits when the visitor clicks elsewhere) is no answer.
  const changed = (e: Event) => e.isTrusted || answer();
  const end = () => {
    clearTimeout(timer);
    stop();
    target = undefined;
  };
  const check = () => {
    if (control && n < clicks && !answered && url == href() && document.visibilityState != 'hidden') report('Dead Click', {}, control);
    end();
  };
  const offs = [
    on(
      document,
      'pointerdown',
      guarded('friction()', (e) => {
        const { clientX, clientY, button, isTrusted, target: t, ctrlKey, metaKey, shiftKey } = e as PointerEvent;
        if (!isTrusted || button || !(t instanceof Element)) return;
        const c = actionable(t) as HTMLAnchorElement | undefined;
        const el = c || t;
        const now = Date.now();
        if (el != target || answered || now - last > within || Math.abs(clientX - x) > radius || Math.abs(clientY - y) > radius) {
          end();
          target = el;
          control = dead && c && !(c.target || ctrlKey || metaKey || shiftKey || /^(mailto|tel|sms):/.test(c.href)) && c;
          region = el.parentElement?.parentElement || el;
          url = href();
          n = answered = 0;
          const near = new MutationObserver((records) => records.some((r) => region.contains(r.target)) && answer());
          near.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
          // a request answered (not the tracker's own)
          let requests: PerformanceObserver | undefined;
          try {
            (requests = new PerformanceObserver((l) => l.getEntries().some((r) => r.name != endpoint) && answer())).observe({ type: 'resource' });
          } catch {
            // no Resource Timing: the DOM and the URL tell
          }
          stop = () => (near.disconnect(), requests?.disconnect());
        }
        x = clientX;
        y = clientY;
        last = now;
        // presses in a field or its label (a number's spinner, a checkbox), or that selected
        // text (a triple click selects a paragraph), are no rage
        if (rage !== false && ++n == clicks && (c || !t.closest('label,input,select,textarea,[contenteditable]')) && !getSelection()?.toString()) report('Rage Click', {}, el);
        clearTimeout(timer);
        timer = setTimeout(guarded('friction()', check), 1000);
      }),
      true,
    ),
    ...['scroll', 'invalid', 'pagehide'].map((t) => on(window, t, answer, true)),
    // a stepper may set a field's value, which changes no DOM: the event it sends tells
    ...['input', 'change'].map((t) => on(window, t, changed, true)),
    end,
  ];
  return () => offs.forEach((off) => off());
};
