/**
 * Puts `make(original)` in place of `obj[key]` (fetch, XHR methods, history methods, a data
 * layer's push), and returns the function that puts the original back when ours is still on
 * top: when another script wrapped it since, removing ours would drop theirs too, so ours
 * stays in their chain (and should do nothing but call through).
 */
export const wrap = <T, K extends keyof T>(obj: T, key: K, make: (original: T[K]) => T[K]): (() => void) => {
  const original = obj[key];
  const ours = (obj[key] = make(original));
  return () => {
    if (obj[key] === ours) obj[key] = original;
  };
};
