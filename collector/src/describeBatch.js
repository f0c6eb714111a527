// The one log line the collector prints per batch, e.g.
// "batch 12 received, 11 stored, 1 duplicate, 0 dropped by client · fetch · track 10, page 2 · /checkout, /cart"

/** @param {number} n @param {string} word */
const plural = (n, word) => n + ' ' + word + (n == 1 ? '' : 's');

/**
 * @param {{ batch: any[], dropped?: number, idempotencyKey?: string }} body a validated batch
 * @param {{ replay: boolean, received: number, stored: number, duplicates: number, keyReused?: boolean, rejected?: number }} result what the store did
 * @param {string} transport 'fetch' or 'beacon'
 * @returns {string}
 */
export const describeBatch = (body, result, transport) => {
  if (result.replay) return `batch replayed (${plural(result.received, 'message')}, same idempotency key): nothing stored · ${transport}`;
  const kinds = new Map();
  const pages = new Set();
  for (const m of body.batch) {
    kinds.set(m.type, (kinds.get(m.type) ?? 0) + 1);
    const path = m.context.page?.path;
    if (typeof path == 'string') pages.add(path);
  }
  const types = [...kinds].map(([t, n]) => t + ' ' + n).join(', ');
  const paths = [...pages].slice(0, 3).join(', ') + (pages.size > 3 ? ` +${pages.size - 3} more` : '');
  return (
    `batch ${result.received} received, ${result.stored} stored, ${plural(result.duplicates, 'duplicate')}` +
    (result.rejected ? `, ${result.rejected} rejected` : '') +
    (body.dropped ? `, ${body.dropped} dropped by client` : '') +
    (result.keyReused ? ', idempotency key reused for other messages' : '') +
    ` · ${transport} · ${types}` +
    (paths ? ' · ' + paths : '')
  );
};
