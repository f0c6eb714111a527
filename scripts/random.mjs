// A small seeded generator (mulberry32): the same seed, the same sequence. The simulated
// visitors (scripts/visitors.mjs) and the synthetic traffic (bench/lib/shopEvents.mjs) draw from it.

/** @param {number} seed @returns {() => number} in [0, 1) */
export const random = (seed) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};
