/**
 * Milliseconds a Retry-After header asks to wait: delta-seconds or an HTTP date. Undefined when
 * absent or unreadable. Capped at an hour, so a broken header cannot stall delivery for days.
 */
export const retryAfter = (value: string | null | undefined, now = Date.now()): number | undefined => {
  if (!value) return undefined;
  const s = Number(value);
  const ms = isFinite(s) ? s * 1000 : Date.parse(value) - now;
  return isFinite(ms) ? Math.min(Math.max(0, ms), 3600000) : undefined;
};
