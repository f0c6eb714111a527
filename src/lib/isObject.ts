/** Plain objects only: a Date, a boxed string or a Map would not serialise as an object. */
export const isObject = (x: unknown): x is Record<string, unknown> => {
  try {
    return Object.prototype.toString.call(x) == '[object Object]';
  } catch {
    return false; // a Proxy whose traps throw
  }
};
