/**
 * Delay before retry number `attempt` (0-based): exponential from `base` ms, capped at `cap`,
 * with full jitter (a uniform pick below the ceiling) so that many clients coming back from an
 * outage do not hit the collector in step.
 */
export const backoff = (attempt: number, cap: number, base = 1000, random = Math.random): number => Math.floor(random() * Math.min(cap, base * 2 ** Math.min(attempt, 30)));
