// What the collector stores for a valid message, Segment's way:
// - receivedAt is the server's clock when the batch arrived;
// - timestamp is corrected for the client's clock skew: timestamp + (receivedAt - sentAt)
//   (sentAt from the message, else the batch), the client's own value kept as
//   originalTimestamp; a message without a timestamp gets receivedAt;
// - a message without a messageId gets one derived from its content and write key, so a
//   retried request (same bytes) is still stored once;
// - ids sent as numbers become strings; the batch's context and integrations apply to each
//   message under its own.
import { createHash } from 'node:crypto';

const IDS = ['anonymousId', 'userId', 'groupId', 'previousId'];

/**
 * What every message of one batch shares, worked out once per batch.
 * @param {{ receivedAt: number, sentAt?: string, context?: object, integrations?: object, writeKey?: string | null, trustClientClock?: boolean }} batch
 */
export const batchClock = (batch) => ({
  ...batch,
  receivedIso: new Date(batch.receivedAt).toISOString(),
  // receivedAt - sentAt: how far the client's clock is behind ours (ms)
  skew: batch.sentAt && !batch.trustClientClock ? batch.receivedAt - Date.parse(batch.sentAt) : 0,
});

/**
 * @param {Record<string, any>} m a message that passed MESSAGE_SCHEMA
 * @param {ReturnType<typeof batchClock>} batch
 * @returns {Record<string, any>} a new message; `m` is not changed
 */
export const normalizeMessage = (m, batch) => {
  const out = { ...m };
  out.receivedAt = batch.receivedIso;
  if (typeof m.timestamp != 'string') out.timestamp = batch.receivedIso;
  else {
    out.originalTimestamp = m.originalTimestamp ?? m.timestamp;
    const skew = typeof m.sentAt == 'string' && !batch.trustClientClock ? batch.receivedAt - Date.parse(m.sentAt) : batch.skew;
    if (skew) out.timestamp = new Date(Date.parse(m.timestamp) + skew).toISOString();
  }
  for (const k of IDS) if (typeof m[k] == 'number') out[k] = String(m[k]);
  if (batch.context || m.context === undefined) out.context = { ...batch.context, ...m.context };
  if (batch.integrations) out.integrations = { ...batch.integrations, ...m.integrations };
  if (typeof m.messageId != 'string')
    out.messageId =
      'sha-' +
      createHash('sha256')
        .update(String(batch.writeKey ?? '') + '\n' + JSON.stringify(m))
        .digest('hex')
        .slice(0, 32);
  return out;
};
