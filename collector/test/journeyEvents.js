// Hand-built messages for the storage suite, shaped like the SDK's: context.journey (stage,
// furthest stage, session, channel) and, for cart changes, the C1 cart snapshot.
let seq = 0;
export const T0 = Date.parse('2026-11-20T10:00:00.000Z');
export const MIN = 60_000;

/**
 * @param {object} o
 * @param {string} o.visitor
 * @param {number} o.at ms since T0
 * @param {string} [o.event] a track event (else a page view)
 * @param {string} [o.session]
 * @param {string | null} [o.stage]
 * @param {string | null} [o.furthest]
 * @param {string | null} [o.channel]
 * @param {object} [o.properties]
 * @param {object} [o.cart] context.cart
 * @param {string} [o.id] messageId
 * @param {string} [o.source] context.journey.source
 */
export const msg = ({ visitor, at, event, session = visitor + '-s1', stage = 'awareness', furthest = stage, channel = 'direct', properties = {}, cart, id, source }) => ({
  type: event ? 'track' : 'page',
  ...(event && { event }),
  messageId: id ?? `m${++seq}-${visitor}`,
  anonymousId: visitor,
  timestamp: new Date(T0 + at).toISOString(),
  properties,
  context: {
    ...(stage === null && furthest === null && channel === null
      ? {}
      : { journey: { sessionId: session, ...(stage && { stage }), ...(furthest && { furthestStage: furthest }), ...(channel && { channel }), ...(source && { source }) } }),
    page: { path: '/p', url: 'https://shop.example/p', referrer: '' },
    ...(cart && { cart }),
  },
});

/** A cart snapshot (C1). */
export const cart = (id, lines, extra = {}) => ({
  cart_id: id,
  products: lines.map(([product_id, price, quantity = 1]) => ({ product_id, price, quantity })),
  value: Math.round(lines.reduce((s, [, p, q = 1]) => s + p * q, 0) * 100) / 100,
  currency: 'EUR',
  ...extra,
});
