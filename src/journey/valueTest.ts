import type { ValueTest } from './types.js';

const num = (f: (a: number, b: number) => boolean) => (a: unknown, b: unknown) => typeof a == 'number' && f(a, b as number);

/** The operators a {@link ValueTest} object may use. */
export const OPS: Record<string, (a: unknown, b: unknown) => boolean> = {
  equals: (a, b) => a === b,
  in: (a, b) => (b as unknown[]).includes(a),
  exists: (a, b) => (a != null) === b,
  gt: num((a, b) => a > b),
  gte: num((a, b) => a >= b),
  lt: num((a, b) => a < b),
  lte: num((a, b) => a <= b),
};

/** True when `value` passes the test: a bare value means equals; an object, every operator it names. */
export const valueTest = (value: unknown, test: ValueTest): boolean =>
  test && typeof test == 'object' ? Object.keys(test).every((k) => OPS[k]!(value, test[k as keyof typeof test])) : value === test;
