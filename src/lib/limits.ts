import { DEV, warn } from './warn.js';

// The bounds of what a config and a call may hold (documented in the README, "Limits"). Each
// keeps the work a config or a call costs the page's main thread small: checked before the
// value is read, a list over its limit costs nothing however long it is.

/** Journey rules in a set, and selector rules. */
export const MAX_RULES = 500;
/** Stage names in a stage list. */
export const MAX_STAGES = 50;
/** Entries of any other list a config takes (checkoutSteps, orderEvents, scrubParams, plugins, headers, the patterns of one rule field). */
export const MAX_LIST = 100;
/** Characters of a JSON text the SDK parses (a rules file, a `data-` attribute). */
export const MAX_TEXT = 250000;
/** Characters of an event name, a page name, a property name. */
export const MAX_NAME = 200;
/** Characters of a string property: a longer one cannot fit an event (32,000 bytes). */
export const MAX_STRING = 32000;
/** Characters of a URL pattern (a regular expression compiled per page). */
export const MAX_PATTERN = 1000;

/**
 * `x` when it is a list of at most `max` entries; otherwise undefined, with one warning
 * saying what is used instead: a longer list is refused unread, and anything else (not a
 * list, a revoked Proxy) gets `what must be <must>` when `must` is given.
 */
export const bounded = (what: string, x: unknown, max: number, instead: string, must?: string): unknown[] | undefined => {
  let n = -1;
  try {
    n = Array.isArray(x) ? x.length : -1;
  } catch {
    // a revoked Proxy of a list, a length that throws
  }
  if (n >= 0 && n <= max) return x as unknown[];
  if (DEV && n > max) warn(what + ' has ' + n + ' entries, over the limit of ' + max + '; ' + instead);
  else if (DEV && must) warn(what + ' must be ' + must + '; ' + instead);
  return undefined;
};
