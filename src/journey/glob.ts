import type { Pattern } from './types.js';

const cache = /* @__PURE__ */ new Map<string, RegExp>();

/**
 * True when `value` matches the pattern, or any pattern of a list. `*` matches any run of
 * characters; everything else is literal; case is ignored. Compiled patterns are cached,
 * since the same few rules run on every event.
 */
export const glob = (pattern: Pattern, value: unknown): boolean =>
  typeof value == 'string' &&
  ([] as string[]).concat(pattern).some((p) => {
    let re = cache.get(p);
    if (!re) cache.set(p, (re = RegExp('^' + p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*') + '$', 'is')));
    return re.test(value);
  });
