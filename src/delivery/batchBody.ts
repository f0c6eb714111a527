import type { OutboxRecord } from '../storage/outbox.js';

/**
 * The longest run of records, oldest first, whose batch fits in `maxBytes` (always at least
 * one: an event larger than a batch was refused before it was stored). Uses the byte count
 * kept with each record instead of serialising again.
 */
export const fit = (records: OutboxRecord[], maxBytes: number): OutboxRecord[] => {
  let size = 64; // the envelope: {"batch":[],"sentAt":"...","dropped":n}
  let n = 0;
  while (n < records.length && (n == 0 || size + records[n]!.n + 1 <= maxBytes)) size += records[n++]!.n + 1;
  return records.slice(0, n);
};

/** The JSON of a batch, built from the stored JSON of each event without parsing it. */
export const batchBody = (records: OutboxRecord[], dropped: number, extra?: Record<string, string>): string => {
  let body = '{"batch":[' + records.map((r) => r.s).join(',') + '],"sentAt":"' + new Date().toISOString() + '"';
  if (dropped > 0) body += ',"dropped":' + dropped;
  for (const k in extra) body += ',' + JSON.stringify(k) + ':' + JSON.stringify(extra[k]);
  return body + '}';
};

/**
 * A key that names a batch by its content (FNV-1a over its messageIds), so a retry of the
 * same batch carries the same Idempotency-Key and a collector can drop the replay.
 */
export const batchKey = (records: OutboxRecord[]): string => {
  let h = 0x811c9dc5;
  let g = 0x01000193;
  for (const r of records)
    for (let i = 0; i < r.i.length; i++) {
      const c = r.i.charCodeAt(i);
      h = Math.imul(h ^ c, 16777619);
      g = Math.imul(g ^ c, 2246822507);
    }
  return (h >>> 0).toString(16).padStart(8, '0') + (g >>> 0).toString(16).padStart(8, '0') + '-' + records.length;
};
