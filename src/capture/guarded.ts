import { warn } from '../lib/warn.js';

/**
 * Wraps a listener or timer callback so that nothing it throws reaches the page (where it
 * would surface as the shop's own uncaught error); a failure warns, naming the capture.
 */
export const guarded =
  <A extends unknown[], R>(label: string, fn: (...a: A) => R) =>
  (...a: A): R | undefined => {
    try {
      return fn(...a);
    } catch (e) {
      warn(label + ' failed (' + e + '); the event was skipped.');
      return undefined;
    }
  };
