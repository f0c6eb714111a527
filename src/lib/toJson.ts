/**
 * JSON of any value, without throwing for what pages really pass: circular references become
 * "[Circular]", BigInt a string; an object whose getters throw is copied key by key, losing
 * only the values that threw. The fast path is plain JSON.stringify; the careful one runs
 * only when that throws. Returns undefined when even that fails (a throwing toJSON or Proxy).
 */
export const toJson = (value: unknown): string | undefined => {
  try {
    return JSON.stringify(value);
  } catch {
    const seen = new WeakSet();
    try {
      return JSON.stringify(value, (_, v) => {
        if (typeof v == 'bigint') return '' + v;
        if (!v || typeof v != 'object') return v;
        if (seen.has(v)) return '[Circular]';
        seen.add(v);
        if (Array.isArray(v)) return v;
        const copy: Record<string, unknown> = {};
        for (const k of Object.keys(v))
          try {
            copy[k] = v[k];
          } catch {
            // a throwing getter loses its own value only
          }
        return copy;
      });
    } catch {
      return undefined;
    }
  }
};
