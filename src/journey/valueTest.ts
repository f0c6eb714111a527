import type { ValueTest } from './types.js';

/** True when `f` holds for every key of `o` (given its value and the key). */
export const every = (o: any, f: (v: any, k: string) => unknown): boolean => Object.keys(o).every((k) => f(o[k], k));

/** One operator of a test object: comparisons pass numbers only; an unknown operator fails. */
export const op = (a: unknown, k: string, b: any): boolean =>
  k == 'equals'
    ? a === b
    : k == 'in'
      ? b.includes(a)
      : k == 'exists'
        ? (a != null) === b
        : typeof a == 'number' && (k == 'gt' ? a > b : k == 'gte' ? a >= b : k == 'lt' ? a < b : k == 'lte' && a <= b);

/** True when `value` passes the test: a bare value means equals; an object, every operator it names. */
export const valueTest = (value: unknown, test: ValueTest): boolean => (test && typeof test == 'object' ? every(test, (b, k) => op(value, k, b)) : value === test);
