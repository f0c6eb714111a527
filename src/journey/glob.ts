import type { Pattern } from './types.js';

const cache: Record<string, RegExp> = /* @__PURE__ */ Object.create(null);

/**
 * True when `value` matches the pattern, or any pattern of a list. `*` matches any run of
 * characters; everything else is literal; case is ignored. Compiled patterns are cached,
 * since the same few rules run on every event.
 */
export const glob = (pattern: Pattern, value: unknown): boolean =>
  typeof value == 'string' &&
  [pattern].flat().some((p) => (cache[p] ||= RegExp('^' + p.replace(/[.+?^${}()|[\]\\*]/g, (c) => (c == '*' ? '.*' : '\\' + c)) + '$', 'is')).test(value));
