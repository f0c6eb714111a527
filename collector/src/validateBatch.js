// Checks a parsed request body against the batch shape the SDK sends (README, "What a
// collector receives"). The whole batch is refused when one message is malformed: the SDK
// drops a batch answered with a 4xx, and half-stored batches would make replays ambiguous.

const TYPES = ['track', 'page', 'identify'];
// ISO 8601 date-time with a zone, as Date#toISOString and Segment write it.
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
/** Most messages in one batch; the SDK sends at most 100 by default. */
export const MAX_MESSAGES = 2000;
const MAX_ID = 200;

/** @param {unknown} v @returns {v is Record<string, any>} */
const isObject = (v) => typeof v == 'object' && v !== null && !Array.isArray(v);
/** @param {unknown} v */
const isId = (v) => typeof v == 'string' && v.length > 0 && v.length <= MAX_ID;

/**
 * Checks one message. Returns `undefined` when it is valid, or `[field, what is wrong]`.
 * @param {unknown} m
 * @returns {[string, string] | undefined}
 */
const checkMessage = (m) => {
  if (!isObject(m)) return ['', 'must be an object'];
  if (!TYPES.includes(m.type)) return ['type', 'must be one of ' + TYPES.join(', ')];
  if (!isId(m.messageId)) return ['messageId', 'must be a non-empty string of at most ' + MAX_ID + ' characters'];
  if (!isId(m.anonymousId)) return ['anonymousId', 'must be a non-empty string of at most ' + MAX_ID + ' characters'];
  if (m.userId != null && typeof m.userId != 'string') return ['userId', 'must be a string or null'];
  if (typeof m.timestamp != 'string' || !ISO.test(m.timestamp) || !Number.isFinite(Date.parse(m.timestamp)))
    return ['timestamp', 'must be an ISO 8601 date-time string'];
  if (!isObject(m.context)) return ['context', 'must be an object'];
  if (m.type == 'track' && (typeof m.event != 'string' || !m.event)) return ['event', 'must be a non-empty string for a track message'];
  if (m.properties !== undefined && !isObject(m.properties)) return ['properties', 'must be an object'];
  if (m.traits !== undefined && !isObject(m.traits)) return ['traits', 'must be an object'];
  const journey = m.context.journey;
  if (journey !== undefined) {
    if (!isObject(journey)) return ['context.journey', 'must be an object'];
    for (const k of ['stage', 'furthestStage', 'sessionId', 'channel'])
      if (journey[k] != null && typeof journey[k] != 'string') return ['context.journey.' + k, 'must be a string'];
  }
  if (m.context.page !== undefined && !isObject(m.context.page)) return ['context.page', 'must be an object'];
  return undefined;
};

/**
 * Validates a parsed batch body.
 * @param {unknown} body the parsed JSON
 * @returns {{ ok: true } | { ok: false, reason: string, field: string, index?: number }}
 *   `reason` is a sentence naming the field (and the message index) for a 400 answer.
 */
export const validateBatch = (body) => {
  /** @param {string} field @param {string} what @param {number} [index] @returns {{ ok: false, reason: string, field: string, index?: number }} */
  const fail = (field, what, index) => ({
    ok: false,
    field: field || 'message',
    ...(index === undefined ? {} : { index }),
    reason: (index === undefined ? field : 'batch[' + index + ']' + (field ? '.' + field : '')) + ' ' + what,
  });
  if (!isObject(body)) return fail('body', 'must be a JSON object');
  if (!Array.isArray(body.batch)) return fail('batch', 'must be an array of messages');
  if (body.batch.length == 0) return fail('batch', 'must not be empty');
  if (body.batch.length > MAX_MESSAGES) return fail('batch', 'must hold at most ' + MAX_MESSAGES + ' messages');
  if (body.dropped !== undefined && !(Number.isInteger(body.dropped) && body.dropped >= 0))
    return fail('dropped', 'must be a non-negative integer');
  if (body.idempotencyKey !== undefined && !isId(body.idempotencyKey))
    return fail('idempotencyKey', 'must be a non-empty string of at most ' + MAX_ID + ' characters');
  if (body.sentAt !== undefined && (typeof body.sentAt != 'string' || !ISO.test(body.sentAt)))
    return fail('sentAt', 'must be an ISO 8601 date-time string');
  for (let i = 0; i < body.batch.length; i++) {
    const bad = checkMessage(body.batch[i]);
    if (bad) return fail(bad[0], bad[1], i);
  }
  return { ok: true };
};
