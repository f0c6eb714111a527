import { isObject } from './isObject.js';

/**
 * Merges `from` into `into`, key by key at every depth: a plain object merges into a plain
 * object, anything else replaces, undefined leaves the value as it was. Objects of `into` are
 * copied before a merge writes to them: the built context shares its page and library objects
 * between messages. Returns `into`.
 */
export const merge = (into: Record<string, unknown>, from: Record<string, unknown>): Record<string, unknown> => {
  for (const k in from) {
    const v = from[k];
    const t = into[k];
    // an own "__proto__" key (from JSON.parse) would replace the object's prototype
    if (v !== undefined && k != '__proto__') into[k] = isObject(v) && isObject(t) ? merge({ ...t }, v) : v;
  }
  return into;
};
