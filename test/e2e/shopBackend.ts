import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';

// The documented shapes (test/fixtures/platforms, each citing its source) are the templates
// of every answer: a Shopify line item, a Store API cart item and cart.
const fixture = (name: string) => JSON.parse(readFileSync(new URL('../fixtures/platforms/' + name + '.json', import.meta.url), 'utf8')).examples[0].response;
const SHOPIFY_LINE = fixture('shopify/cart').items[0];
const SHOPIFY_CART = fixture('shopify/cart');
const STORE_CART = fixture('woocommerce/cart');
const STORE_ITEM = STORE_CART.items[0];
const STORE_ORDER = fixture('woocommerce/checkout');

type Product = { product_id: number; sku: string; title: string; variant: string; vendor: string; type: string; price: number };
// The example shops' catalogue (prices in cents, as both platforms answer). Shopify variants
// 4001/4002 (the older example pages) and 40001/40002 (the fixtures' cart) are the same goods.
const SHOE: Product = { product_id: 7001, sku: 'SHOE-1', title: 'Trail shoe', variant: '42', vendor: 'Peak', type: 'Shoes', price: 5990 };
const SOCK: Product = { product_id: 7002, sku: 'SOCK-1', title: 'Wool sock', variant: 'M', vendor: 'Peak', type: 'Socks', price: 1290 };
const VARIANTS: Record<string, Product> = { 4001: SHOE, 4002: SOCK, 40001: SHOE, 40002: SOCK };
// WooCommerce product ids (the Store API's and the classic shop's)
const WOO: Record<string, Product> = { 38: SHOE, 22: SOCK, 42: SHOE };
const DISCOUNTS: Record<string, number> = { SUMMER10: 0.1, summer10: 0.1 };

/**
 * A shop backend for the example shops, one cart per collector, answering as the platforms
 * document it:
 * - Shopify's AJAX Cart API: `POST /cart/add(.js)` (one item or `items`; a form post is
 *   redirected to the cart page; a 422 for an unknown variant), `/cart/change(.js)` (`id` as
 *   variant id or line key, or `line`), `/cart/update(.js)` (`updates` map or array, `note`,
 *   `discount`), `/cart/clear(.js)`, `GET /cart.js`; each sets the `cart` cookie. A thank-you
 *   page loads `/shopify-checkout.js`: the order (Shopify.checkout) of the cart, which it empties.
 * - WooCommerce's Store API: `/wp-json/wc/store/v1/cart` (GET), `cart/add-item`,
 *   `cart/update-item`, `cart/remove-item`, `cart/apply-coupon`, `batch` (207) and `checkout`
 *   (the order, which empties the cart); and the classic `?wc-ajax=add_to_cart`.
 * Returns false for any other request.
 */
export const shopBackend = () => {
  const token = 'c1-' + Math.random().toString(16).slice(2, 14) + '?key=' + Math.random().toString(36).slice(2, 10);
  // Shopify lines in cart order: [variant id, quantity]; the note; the discount codes
  let lines: [string, number][] = [];
  let note: string | null = null;
  let codes: string[] = [];
  const off = () => codes.reduce((a, c) => a + (DISCOUNTS[c] || 0), 0);
  const shopifyLine = ([id, quantity]: [string, number]) => {
    const v = VARIANTS[id]!;
    return {
      ...SHOPIFY_LINE,
      id: +id,
      variant_id: +id,
      key: id + ':k',
      quantity,
      title: v.title + ' - ' + v.variant,
      price: v.price,
      original_price: v.price,
      presentment_price: v.price / 100,
      discounted_price: v.price,
      final_price: v.price,
      line_price: v.price * quantity,
      original_line_price: v.price * quantity,
      final_line_price: v.price * quantity,
      sku: v.sku,
      vendor: v.vendor,
      product_id: v.product_id,
      product_type: v.type,
      product_title: v.title,
      variant_title: v.variant,
      variant_options: [v.variant],
      url: '/products/' + v.sku.toLowerCase() + '?variant=' + id,
    };
  };
  const shopifyCart = () => {
    const items = lines.map(shopifyLine);
    const sub = items.reduce((a, i) => a + i.final_line_price, 0);
    const discount = Math.round(sub * off());
    return {
      ...SHOPIFY_CART,
      token,
      note,
      items,
      item_count: items.reduce((a, i) => a + i.quantity, 0),
      original_total_price: sub,
      items_subtotal_price: sub,
      total_price: sub - discount,
      total_discount: discount,
      requires_shipping: items.length > 0,
      currency: 'EUR',
      cart_level_discount_applications: discount ? [{ ...SHOPIFY_CART.cart_level_discount_applications[0], title: codes[0], key: codes[0], total_allocated_amount: discount }] : [],
      discount_codes: codes.map((code) => ({ code, applicable: code in DISCOUNTS })),
    };
  };
  const set = (id: string, q: number) => {
    const i = lines.findIndex((l) => l[0] == id);
    if (q <= 0) lines = lines.filter((_, j) => j != i);
    else if (i < 0) lines.push([id, q]);
    else lines[i]![1] = q;
  };
  const qty = (id: string) => lines.find((l) => l[0] == id)?.[1] || 0;

  // Store API lines: [product id, quantity]; the coupons
  let items: [string, number][] = [];
  let coupons: string[] = [];
  let orderId = 146;
  const storeItem = ([id, quantity]: [string, number]) => {
    const p = WOO[id]!;
    const sub = p.price * quantity;
    const tot = Math.round(sub * (1 - coupons.reduce((a, c) => a + (DISCOUNTS[c] || 0), 0)));
    return {
      ...STORE_ITEM,
      key: 'k' + id,
      id: +id,
      quantity,
      name: p.title,
      sku: p.sku,
      prices: { ...STORE_ITEM.prices, price: String(p.price), regular_price: String(p.price), sale_price: String(p.price) },
      totals: {
        ...STORE_ITEM.totals,
        line_subtotal: String(sub),
        line_subtotal_tax: String(Math.round(sub * 0.2)),
        line_total: String(tot),
        line_total_tax: String(Math.round(tot * 0.2)),
      },
    };
  };
  const storeCart = () => {
    const all = items.map(storeItem);
    const sub = all.reduce((a, i) => a + +i.totals.line_subtotal, 0);
    const tot = all.reduce((a, i) => a + +i.totals.line_total, 0);
    const ship = all.length ? 490 : 0;
    const tax = Math.round(tot * 0.2) + Math.round(ship * 0.2);
    return {
      ...STORE_CART,
      items: all,
      items_count: all.reduce((a, i) => a + i.quantity, 0),
      coupons: coupons.map((code) => ({ ...STORE_CART.coupons[0], code, totals: { ...STORE_CART.totals, total_discount: String(sub - tot) } })),
      totals: {
        ...STORE_CART.totals,
        total_items: String(sub),
        total_discount: String(sub - tot),
        total_shipping: String(ship),
        total_tax: String(tax),
        total_price: String(tot + ship + tax),
      },
    };
  };
  const store = (route: string, body: Record<string, any>): [number, unknown] => {
    if (route == 'cart/add-item') {
      if (!WOO[String(body.id)]) return [400, { code: 'woocommerce_rest_cart_invalid_product', message: 'This product cannot be added to the cart.', data: { status: 400 } }];
      const i = items.findIndex((x) => x[0] == String(body.id));
      if (i < 0) items.push([String(body.id), Number(body.quantity) || 1]);
      else items[i]![1] += Number(body.quantity) || 1;
      return [201, storeCart()];
    }
    const i = items.findIndex((x) => 'k' + x[0] == body.key);
    if (route == 'cart/update-item' || route == 'cart/remove-item') {
      if (i < 0) return [409, { code: 'woocommerce_rest_cart_invalid_key', message: 'Cart item no longer exists or is invalid.', data: { status: 409, cart: storeCart() } }];
      if (route == 'cart/remove-item' || Number(body.quantity) <= 0) items.splice(i, 1);
      else items[i]![1] = Number(body.quantity);
    }
    if (route == 'cart/apply-coupon') coupons = [...new Set([...coupons, String(body.code)])];
    if (route == 'checkout') {
      const order = {
        ...STORE_ORDER,
        order_id: ++orderId,
        payment_result: { ...STORE_ORDER.payment_result, redirect_url: '/examples/shops/woocommerce-blocks/checkout/order-received/' + orderId + '.html' },
      };
      items = [];
      coupons = [];
      return [200, order];
    }
    return [200, storeCart()];
  };

  const json = (res: ServerResponse, status: number, body: unknown) => (
    res.writeHead(status, { 'Content-Type': 'application/json', 'Set-Cookie': 'cart=' + encodeURIComponent(token) + '; Path=/' }).end(JSON.stringify(body)), true
  );

  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    const m = /\/cart(?:\/(add|change|update|clear)(\.js)?|\.js)$/.exec(url.pathname);
    const wc = /\/wp-json\/wc\/store\/v1\/(.+?)\/?$/.exec(url.pathname);
    const woo = url.searchParams.get('wc-ajax');
    if (url.pathname == '/shopify-checkout.js') {
      // the thank-you page of the cart just checked out: Shopify.checkout, as the order status page has it
      const c = shopifyCart();
      const money = (cents: number) => (cents / 100).toFixed(2);
      const checkout = {
        ...fixture('shopify/checkout-thank-you').Shopify.checkout,
        order_id: 5551234,
        token: token.split('?')[0],
        currency: 'EUR',
        subtotal_price: money(c.total_price),
        shipping_rate: { handle: 'shopify-Standard-4.90', price: '4.90', title: 'Standard' },
        total_tax: money(Math.round(((c.total_price + 490) * 0.19) / 1.19)),
        total_price: money(c.total_price + 490),
        line_items: c.items.map((i: ReturnType<typeof shopifyLine>) => ({
          product_id: i.product_id,
          variant_id: i.variant_id,
          sku: i.sku,
          title: i.product_title,
          variant_title: i.variant_title,
          quantity: i.quantity,
          price: money(i.price),
          line_price: money(i.final_line_price),
        })),
      };
      lines = [];
      codes = [];
      note = null;
      return (res.writeHead(200, { 'Content-Type': 'text/javascript' }).end('window.Shopify = ' + JSON.stringify({ checkout }) + ';'), true);
    }
    if (req.method == 'GET' && m && !m[1]) return json(res, 200, shopifyCart());
    if (req.method == 'GET' && wc && wc[1] == 'cart') return json(res, 200, storeCart());
    if (req.method != 'POST' || (!m && !woo && !wc)) return false;
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const type = String(req.headers['content-type']);
    const body = type.includes('json')
      ? JSON.parse(raw || '{}')
      : type.includes('multipart')
        ? Object.fromEntries(await new Response(raw, { headers: { 'Content-Type': type } }).formData())
        : Object.fromEntries(new URLSearchParams(raw));
    if (woo == 'add_to_cart') return json(res, 200, { fragments: { 'div.widget_shopping_cart_content': '<div></div>' }, cart_hash: 'h' + raw.length });
    if (wc) {
      if (wc[1] == 'batch') {
        const responses = (body.requests || []).map((r: { path: string; body?: object; data?: object }) => {
          const [status, b] = store(r.path.replace(/^\/wc\/store\/v1\//, '').replace(/\/$/, ''), r.body || r.data || {});
          return { body: b, status, headers: { Nonce: 'n' } };
        });
        return json(res, 207, { responses });
      }
      const [status, b] = store(wc[1]!, body);
      return json(res, status, b);
    }
    if (!m) return json(res, 400, { error: 'unknown wc-ajax action' });
    const kind = m[1];
    if (kind == 'add') {
      const adds: { id: string | number; quantity?: string | number }[] = body.items || [body];
      if (adds.some((i) => !VARIANTS[String(i.id)])) return json(res, 422, { status: 422, message: 'Cart Error', description: 'Cannot find variant' });
      for (const i of adds) set(String(i.id), qty(String(i.id)) + (Number(i.quantity) || 1));
      if (!m[2] && !type.includes('json') && !req.headers['x-requested-with'])
        return (res.writeHead(302, { Location: '/examples/shops/shopify/cart.html', 'Set-Cookie': 'cart=' + encodeURIComponent(token) + '; Path=/' }).end(), true);
      const line = (id: string | number) => shopifyLine([String(id), qty(String(id))]);
      return json(res, 200, body.items ? { items: adds.map((i) => line(i.id)) } : line(body.id));
    }
    if (kind == 'change') {
      const id = body.line ? lines[Number(body.line) - 1]?.[0] : String(body.id).split(':')[0];
      if (!id) return json(res, 400, { status: 400, message: 'Cart Error', description: 'no line ' + body.line });
      set(id, Number(body.quantity));
    }
    if (kind == 'update') {
      const u = body.updates;
      for (const [k, q] of Array.isArray(u) ? u.map((q, i) => [lines[i]?.[0], q]) : Object.entries(u || {})) if (k) set(String(k), Number(q));
      if (body.note !== undefined) note = body.note;
      if (body.discount !== undefined) codes = String(body.discount).split(',').filter(Boolean);
    }
    if (kind == 'clear') lines = [];
    return json(res, 200, shopifyCart());
  };
};
