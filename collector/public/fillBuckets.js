// The trends API answers only the buckets with data; a chart needs every bucket between the
// first and the last, the empty ones at 0.

const SIZE = { hour: 3600_000, day: 86_400_000 };
/** The most buckets a chart draws (about 4 years of days, 83 days of hours). */
export const MAX_BUCKETS = 2000;

/**
 * @template {{ start: string }} B
 * @param {B[]} buckets in time order
 * @param {'hour' | 'day'} interval
 * @param {(start: string) => B} empty a bucket with zeros, starting at `start`
 * @returns {B[]}
 */
export const fillBuckets = (buckets, interval, empty) => {
  if (!buckets.length) return [];
  const size = SIZE[interval];
  const byStart = new Map(buckets.map((b) => [Date.parse(b.start), b]));
  const first = Date.parse(buckets[0].start);
  const last = Date.parse(/** @type {B} */ (buckets.at(-1)).start);
  if ((last - first) / size >= MAX_BUCKETS) return buckets;
  const out = [];
  for (let t = first; t <= last; t += size) out.push(byStart.get(t) ?? empty(new Date(t).toISOString()));
  return out;
};
