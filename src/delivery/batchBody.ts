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
 * A key that names a batch by its content, so a retry of the same batch carries the same
 * Idempotency-Key and a collector can drop the replay: records are read oldest first, so the
 * first and last messageIds and the count name the batch.
 */
export const batchKey = (records: OutboxRecord[]): string => records[0]!.i + '.' + records[records.length - 1]!.i + '.' + records.length;
