import { isObject } from './isObject.js';
import { errorText } from './guarded.js';
import { DEV, warn } from './warn.js';

/**
 * A plugin factory's options as a plain object the plugin can read at any time: each field
 * read once, now. A field whose getter throws is left out (its default is used), and
 * options that cannot be read at all (a Proxy that throws, a revoked Proxy, a non-object)
 * mean the defaults; each with a warning naming the field and what to pass instead.
 */
export const readOptions = <T extends object>(label: string, x: T | undefined): Partial<T> => {
  const o: Partial<T> = {};
  if (x == null) return o;
  if (!isObject(x)) return (DEV && warn(label + ': options must be a plain object; the defaults are used.'), o);
  try {
    for (const k of Object.keys(x))
      try {
        (o as Record<string, unknown>)[k] = (x as Record<string, unknown>)[k];
      } catch (e) {
        DEV && warn(label + ': options.' + k + ' cannot be read (' + errorText(e) + '); its default is used.');
      }
  } catch (e) {
    // only Object.keys gets here: each field's own failure is caught above
    DEV && warn(label + ': options cannot be read (' + errorText(e) + '); the defaults are used.');
  }
  return o;
};
