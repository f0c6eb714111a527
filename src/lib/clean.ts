/**
 * Turns any value into plain JSON data without throwing: circular references become
 * "[Circular]", BigInt a string, non-finite numbers null; functions and symbols are left out;
 * a getter or toJSON that throws drops just that value. Keys such as `__proto__` stay plain
 * data because the copies have no prototype.
 */
export const clean = (value: unknown, seen: WeakSet<object> = new WeakSet(), depth = 0): unknown => {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return isFinite(value) ? value : null;
    case 'bigint':
      return String(value);
    case 'object':
      if (value === null) return null;
      if (seen.has(value) || depth > 32) return '[Circular]';
      seen.add(value);
      try {
        const v = value as { toJSON?: () => unknown };
        if (typeof v.toJSON == 'function') return clean(v.toJSON(), seen, depth + 1);
        if (Array.isArray(value)) return value.map((x) => clean(x, seen, depth + 1) ?? null);
        const out: Record<string, unknown> = Object.create(null);
        for (const k of Object.keys(value)) {
          try {
            const x = clean((value as Record<string, unknown>)[k], seen, depth + 1);
            if (x !== undefined) out[k] = x;
          } catch {
            // a throwing getter loses its own value only
          }
        }
        return out;
      } catch {
        return undefined;
      }
  }
  return undefined;
};
