import { DEV, warn } from './warn.js';

/** The text of anything thrown; a thrown Symbol or revoked Proxy must not throw again here. */
export const errorText = (e: unknown): string => {
  try {
    return String(e);
  } catch {
    return 'an unprintable error';
  }
};

/**
 * Wraps a function so that nothing it throws reaches the page (where it would surface as the
 * shop's own uncaught error). A failure warns, naming the function; the wrapper then returns
 * what `or` makes of the error (a usable default), or undefined: for a listener or a timer
 * callback, the event is skipped.
 */
/* @__NO_SIDE_EFFECTS__ */
export const guarded =
  <A extends unknown[], R, D = undefined>(label: string, fn: (...a: A) => R, or?: (why: string) => D) =>
  (...a: A): R | D => {
    try {
      return fn(...a);
    } catch (e) {
      if (or) return or(label + ' failed (' + errorText(e) + ')');
      DEV && warn(label + ' failed (' + errorText(e) + '); the event was skipped.');
      return undefined as D;
    }
  };
