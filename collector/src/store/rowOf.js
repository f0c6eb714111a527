// One stored message as the columns both engines keep. Everything a dashboard or API query
// filters or groups by is a column of its own, extracted here once: ClickHouse 18.16 has no
// JSONExtract, and its visitParamExtract* finds a key anywhere in the text (a product's
// "name" inside properties.products would shadow a top-level one), so neither engine ever
// parses JSON in a query.

/** The two abandonment events (C2): never activity, never a visit. */
export const CART_ABANDONED = 'Cart Abandoned';
export const CHECKOUT_ABANDONED = 'Checkout Abandoned';
export const ABANDONMENTS = [CART_ABANDONED, CHECKOUT_ABANDONED];

/** The friction signals the SDK's friction() capture sends. */
export const FRICTION = ['Rage Click', 'Dead Click', 'Form Error', 'Request Failed', 'Script Error', 'Slow Page'];

const str = (/** @type {unknown} */ v) => (typeof v == 'string' && v ? v : null);
const num = (/** @type {unknown} */ v) => (typeof v == 'number' && Number.isFinite(v) ? v : null);
// A step may come as "2" from a data layer.
/** @returns {number | null} */
const int = (/** @type {unknown} */ v) => (typeof v == 'number' && Number.isInteger(v) ? v : typeof v == 'string' && /^\d{1,9}$/.test(v) ? Number(v) : null);
/** @returns {any} */
const obj = (/** @type {unknown} */ v) => (typeof v == 'object' && v !== null && !Array.isArray(v) ? v : null);

// The journey plugin puts the channel on context.journey; older or other SDKs may nest it
// in a touchpoint object, so look there too before giving up.
const channelOf = (/** @type {any} */ j) => str(j.channel) ?? str(j.touchpoint?.channel) ?? str(j.lastTouch?.channel) ?? str(j.firstTouch?.channel);

// Device class from the user agent, as analytics tools bucket it: tablets first (an iPad or an
// Android without "Mobile"), then phones.
/** @returns {string | null} */
export const deviceOf = (/** @type {unknown} */ ua) =>
  typeof ua != 'string' || !ua
    ? null
    : /iPad|Tablet|PlayBook|Silk|Android(?!.*Mobile)/i.test(ua)
      ? 'tablet'
      : /Mobi|iPhone|iPod|Android|Opera Mini|IEMobile/i.test(ua)
        ? 'mobile'
        : 'desktop';

// An order's or a cart's lines, compact: what the per-product figures need and nothing else.
const linesOf = (/** @type {unknown} */ list) => {
  if (!Array.isArray(list)) return null;
  const lines = list
    .map((p) => obj(p))
    .filter((p) => p && (str(p.product_id) ?? str(p.id) ?? str(p.sku)))
    .map((p) => [str(p.product_id) ?? str(p.id) ?? str(p.sku), str(p.name), num(p.price) ?? 0, num(p.quantity) ?? 1]);
  return lines.length ? JSON.stringify(lines) : null;
};

/**
 * @typedef {object} Row
 * @property {string} messageId
 * @property {number} version   0 for a received message; a derived abandonment's window end
 *   (ms), so a re-derived one (after a late event cancelled the first) replaces it
 * @property {string} type
 * @property {string | null} event
 * @property {string | null} name
 * @property {string} anonymousId
 * @property {string | null} userId
 * @property {string | null} groupId    a group message's account or company
 * @property {string | null} previousId an alias message's earlier id
 * @property {string | null} sessionId
 * @property {string | null} stage
 * @property {string | null} furthestStage
 * @property {string | null} channel
 * @property {string | null} campaign  the visit's utm_campaign (its touch's name, else context.campaign.name)
 * @property {string | null} device    'desktop', 'mobile' or 'tablet', from context.userAgent
 * @property {string | null} landing   path of the visit's landing page (its touch's path)
 * @property {number | null} isReturning 1 when the visitor had a visit before this one (its touch is not
 *   the first touch), 0 when not, null when the message carries no touches
 * @property {string | null} productId properties.product_id (a product event's one product)
 * @property {string | null} products  the lines of an order or a cart, as JSON [[id, name, price, quantity], ...]
 * @property {string | null} pagePath
 * @property {string | null} source     'collector' for a derived abandonment
 * @property {string | null} cartId     properties.cart_id, else context.cart.cart_id
 * @property {number | null} value      properties.value, else revenue
 * @property {string | null} currency
 * @property {number | null} step       properties.step (checkout step)
 * @property {string | null} stepName   properties.step_name, else name
 * @property {number | null} idleTime   properties.idle_time (s), abandonments only
 * @property {string | null} cart       context.cart as JSON (C1), when the message has one
 * @property {number} cartItems         lines in context.cart.products, else properties.products (0: none)
 * @property {string} properties        JSON
 * @property {string | null} traits     JSON
 * @property {string} context           JSON
 * @property {string} timestamp         ISO
 * @property {number} ts                timestamp in ms since the epoch
 * @property {string} receivedAt        ISO
 */

/**
 * The columns of one message. `m` has passed the collector's validation (type, messageId,
 * anonymousId, context object); a missing or unreadable timestamp falls back to the time
 * received.
 * @param {any} m
 * @param {string} receivedAt ISO
 * @param {number} [version] 0 for what a client sent; the sweep's own window end for a derived one
 * @returns {Row}
 */
export const rowOf = (m, receivedAt, version = 0) => {
  const context = obj(m.context) ?? {};
  const journey = obj(context.journey) ?? {};
  const properties = obj(m.properties) ?? {};
  const cart = obj(context.cart);
  let ts = typeof m.timestamp == 'string' ? Date.parse(m.timestamp) : NaN;
  // the server has made it ISO already; else it is the time received
  const timestamp = Number.isFinite(ts) ? m.timestamp : receivedAt;
  if (!Number.isFinite(ts)) ts = Date.parse(receivedAt);
  const event = str(m.event);
  const abandonment = event != null && ABANDONMENTS.includes(event);
  const first = obj(journey.firstTouch);
  const touch = obj(journey.lastTouch);
  return {
    messageId: m.messageId,
    version,
    type: m.type,
    event,
    name: str(m.name),
    // Segment allows a message with only a userId (a server-side call): that user is the visitor.
    anonymousId: m.anonymousId ?? m.userId,
    userId: str(m.userId),
    groupId: str(m.groupId),
    previousId: str(m.previousId),
    sessionId: str(journey.sessionId),
    stage: str(journey.stage),
    furthestStage: str(journey.furthestStage),
    channel: channelOf(journey),
    campaign: str(touch?.name) ?? str(obj(context.campaign)?.name),
    device: deviceOf(context.userAgent),
    landing: str(touch?.path),
    isReturning: first && touch && str(first.at) && str(touch.at) ? (first.at == touch.at ? 0 : 1) : null,
    productId: str(properties.product_id) ?? (typeof properties.product_id == 'number' ? String(properties.product_id) : null),
    products: linesOf(properties.products) ?? (abandonment ? linesOf(cart?.products) : null),
    pagePath: str(obj(context.page)?.path) ?? str(properties.path),
    source: str(journey.source),
    cartId: str(properties.cart_id) ?? str(cart?.cart_id),
    value: num(properties.value) ?? num(properties.revenue),
    currency: str(properties.currency) ?? str(cart?.currency),
    step: int(properties.step),
    stepName: str(properties.step_name) ?? str(properties.name),
    idleTime: abandonment ? num(properties.idle_time) : null,
    cart: cart ? JSON.stringify(cart) : null,
    cartItems: Array.isArray(cart?.products) ? cart.products.length : Array.isArray(properties.products) ? properties.products.length : 0,
    properties: JSON.stringify(properties),
    traits: obj(m.traits) ? JSON.stringify(m.traits) : null,
    context: JSON.stringify(context),
    timestamp,
    ts,
    receivedAt,
  };
};

/**
 * The columns of a message already stored, from its stored columns (its JSON is the truth): what
 * an upgrade fills new columns from, on either engine. '' reads as absent, as in ClickHouse.
 * @param {{ message_id: string, version?: unknown, type: string, event?: string | null, name?: string | null, anonymous_id: string, user_id?: string | null, properties: string, context: string, timestamp: string, received_at: string }} r
 * @returns {Row}
 */
export const rowOfStored = (r) =>
  rowOf(
    {
      messageId: r.message_id,
      type: r.type,
      event: r.event,
      name: r.name,
      anonymousId: r.anonymous_id,
      userId: r.user_id || undefined,
      properties: JSON.parse(r.properties),
      context: JSON.parse(r.context),
      timestamp: r.timestamp,
    },
    r.received_at,
    Number(r.version) || 0,
  );
