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

/** @param {unknown} v @returns {string | undefined} */
const idString = (v) => (typeof v == 'number' ? String(v) : typeof v == 'string' ? v : undefined);

/**
 * @param {Record<string, any>} m a message that passed MESSAGE_SCHEMA
 * @param {{ receivedAt: number, sentAt?: string, context?: object, integrations?: object, writeKey?: string | null, trustClientClock?: boolean }} batch
 * @returns {Record<string, any>} a new message; `m` is not changed
 */
export const normalizeMessage = (m, batch) => {
  const out = { ...m };
  const receivedAt = new Date(batch.receivedAt).toISOString();
  out.receivedAt = receivedAt;
  if (typeof m.timestamp != 'string') out.timestamp = receivedAt;
  else {
    const sentAt = typeof m.sentAt == 'string' ? m.sentAt : batch.sentAt;
    out.originalTimestamp = m.originalTimestamp ?? m.timestamp;
    if (sentAt && !batch.trustClientClock) out.timestamp = new Date(Date.parse(m.timestamp) + (batch.receivedAt - Date.parse(sentAt))).toISOString();
  }
  for (const k of ['anonymousId', 'userId', 'groupId', 'previousId']) {
    const v = idString(m[k]);
    if (v !== undefined) out[k] = v;
  }
  if (batch.context || m.context === undefined) out.context = { ...batch.context, ...m.context };
  if (batch.integrations) out.integrations = { ...batch.integrations, ...m.integrations };
  if (typeof m.messageId != 'string')
    out.messageId = 'sha-' + createHash('sha256').update(String(batch.writeKey ?? '') + '\n' + JSON.stringify(m)).digest('hex').slice(0, 32);
  return out;
};
