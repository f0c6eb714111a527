import type { OutboxRecord } from '../storage/outbox.js';

/**
 * The longest run of records, oldest first, whose batch fits in `maxBytes` (always at least
 * one: an event larger than a batch was refused before it was stored). Uses the byte count
 * kept with each record instead of serialising again.
 */
export const fit = (records: OutboxRecord[], maxBytes: number): OutboxRecord[] => {
  let size = 64; // the envelope: {"batch":[],"sentAt":"...","dropped":n}
  // `size` only grows, so once a record does not fit none after it does: a prefix.
  return records.filter((r, n) => (size += r.n + 1) <= maxBytes || !n);
};

/**
 * A key that names a batch by its content, so a retry of the same batch carries the same
 * Idempotency-Key and a collector can drop the replay: records are read oldest first, so the
 * first and last messageIds and the count name the batch.
 */
export const batchKey = (records: OutboxRecord[]): string => records[0]!.i + '.' + records[records.length - 1]!.i + '.' + records.length;

/**
 * The JSON of a batch, built from the stored JSON of each event without parsing it: the
 * events, when they were sent, what was dropped, the batch's key and the write key (when set).
 * Written out by hand rather than by looping over an object of extras: fewer bytes.
 */
export const batchBody = (records: OutboxRecord[], dropped: number, writeKey?: string): string =>
  '{"batch":[' +
  records.map((r) => r.s).join(',') +
  '],"sentAt":"' +
  new Date().toISOString() +
  '"' +
  (dropped > 0 ? ',"dropped":' + dropped : '') +
  ',"idempotencyKey":' +
  JSON.stringify(batchKey(records)) +
  (writeKey ? ',"writeKey":' + JSON.stringify(writeKey) : '') +
  '}';
