// The shape of what POST /v1/batch accepts, as JSON Schema for Fastify's ajv, following
// Segment's HTTP Tracking API (https://segment.com/docs/connections/sources/catalog/libraries/server/http-api/):
// the six message types, each message with an anonymousId or a userId, `timestamp` optional.
//
// Two schemas, because one bad message must reject only itself: BATCH_SCHEMA checks the
// envelope as Fastify's route schema (a failure is a 400 for the request), MESSAGE_SCHEMA is
// compiled by the same ajv and run on each message in turn (a failure rejects that message,
// reported back with its index).

/** Segment's limits: 32 KB per message, 500 KB per batch request. */
export const MAX_MESSAGE_BYTES = 32 * 1024;
export const MAX_BATCH_BYTES = 500 * 1024;
export const MESSAGE_TYPES = ['track', 'page', 'screen', 'identify', 'group', 'alias'];
const MAX_ID = 200;

const id = { type: 'string', minLength: 1, maxLength: MAX_ID };
// Segment accepts numbers for ids (a database key); they are stored as strings.
const idOrNumber = { anyOf: [id, { type: 'number' }] };
const time = { type: 'string', format: 'date-time' };
const object = { type: 'object' };
const nullableString = { type: ['string', 'null'] };

export const BATCH_SCHEMA = {
  type: 'object',
  required: ['batch'],
  properties: {
    batch: { type: 'array', minItems: 1 },
    sentAt: time,
    writeKey: { type: 'string' },
    idempotencyKey: id,
    dropped: { type: 'integer', minimum: 0 },
    // Segment lets a batch carry context and integrations for all its messages.
    context: object,
    integrations: object,
  },
};

/** @param {string} type @param {string} field */
const requires = (type, field) => ({ if: { properties: { type: { const: type } } }, then: { required: [field] } });

export const MESSAGE_SCHEMA = {
  type: 'object',
  required: ['type'],
  properties: {
    type: { enum: MESSAGE_TYPES },
    messageId: id,
    anonymousId: idOrNumber,
    userId: { anyOf: [id, { type: 'number' }, { type: 'null' }] },
    timestamp: time,
    originalTimestamp: time,
    sentAt: time,
    context: {
      type: 'object',
      properties: {
        page: object,
        journey: {
          type: 'object',
          properties: { stage: nullableString, furthestStage: nullableString, sessionId: nullableString, channel: nullableString },
        },
      },
    },
    integrations: object,
    properties: object,
    traits: object,
    event: { type: 'string', minLength: 1, maxLength: MAX_ID },
    name: nullableString,
    category: nullableString,
    groupId: idOrNumber,
    previousId: idOrNumber,
  },
  allOf: [
    // Segment: every message names who did it, anonymously or not.
    { anyOf: [{ required: ['anonymousId'] }, { required: ['userId'], properties: { userId: idOrNumber } }] },
    requires('track', 'event'),
    requires('group', 'groupId'),
    requires('alias', 'previousId'),
    requires('alias', 'userId'),
  ],
};

/**
 * A sentence for the first ajv error, naming the field as a path from the message, e.g.
 * ["timestamp", "must be an ISO 8601 date-time string"].
 * @param {import('ajv').ErrorObject[] | null | undefined} errors
 * @param {any} message the message that failed (to say which type needs the field)
 * @returns {[string, string]}
 */
export const explain = (errors, message) => {
  // A failed anyOf lists each branch's errors first; the outermost anyOf says what was meant.
  const anyOf = errors?.filter((x) => x.keyword == 'anyOf').sort((a, b) => a.instancePath.length - b.instancePath.length)[0];
  const e = anyOf ?? errors?.[0];
  if (!e) return ['', 'is not a valid message'];
  const at = e.instancePath.split('/').slice(1).join('.');
  const join = (/** @type {string} */ f) => (at ? at + '.' + f : f);
  const type = message && typeof message == 'object' && typeof message.type == 'string' ? message.type : '';
  switch (e.keyword) {
    case 'required':
      if (e.params.missingProperty == 'type') return ['type', 'is required: one of ' + MESSAGE_TYPES.join(', ')];
      return [join(e.params.missingProperty), `is required for a${/^[aei]/.test(type) ? 'n' : ''} ${type} message`];
    case 'anyOf':
      if (at == '') return ['anonymousId', 'or userId is required: a non-empty string'];
      return [at, at.endsWith('Id') ? 'must be a non-empty string of at most ' + MAX_ID + ' characters, or a number' : 'has the wrong type'];
    case 'enum':
      return [at, 'must be one of ' + MESSAGE_TYPES.join(', ')];
    case 'format':
      return [at, 'must be an ISO 8601 date-time string with a time zone'];
    case 'type':
      return [at, 'must be ' + (e.params.type == 'object' ? 'an object' : 'a ' + [].concat(e.params.type).join(' or '))];
    case 'minLength':
      return [at, 'must be a non-empty string'];
    case 'maxLength':
      return [at, `must be at most ${e.params.limit} characters`];
    default:
      return [at, e.message ?? 'is not valid'];
  }
};
