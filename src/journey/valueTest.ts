import type { ValueTest } from './types.js';

// One operator of a test object: comparisons pass numbers only; an unknown operator fails.
const op = (a: unknown, k: string, b: any): boolean =>
  k == 'equals'
    ? a === b
    : k == 'in'
      ? b.includes(a)
      : k == 'exists'
        ? (a != null) === b
        : typeof a == 'number' && (k == 'gt' ? a > b : k == 'gte' ? a >= b : k == 'lt' ? a < b : k == 'lte' && a <= b);

/** True when `value` passes the test: a bare value means equals; an object, every operator it names. */
export const valueTest = (value: unknown, test: ValueTest): boolean =>
  test && typeof test == 'object' ? Object.keys(test).every((k) => op(value, k, test[k as keyof typeof test])) : value === test;
