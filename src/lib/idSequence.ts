import { uuid } from './uuid.js';

const SPAN = 2 ** 48;

/**
 * Returns a maker of UUID-shaped ids for messages: one random UUID, then its last 48 bits
 * counted up. Unique as a random UUID is (72 random bits tell trackers apart; the counter
 * tells a tracker's messages apart) at a tenth of the cost of `crypto.randomUUID()` per
 * event, which matters on track()'s hot path.
 */
export const idSequence = (): (() => string) => {
  const first = uuid();
  const head = first.slice(0, 24);
  let n = parseInt(first.slice(24), 16);
  return () => head + (n = (n + 1) % SPAN).toString(16).padStart(12, '0');
};
