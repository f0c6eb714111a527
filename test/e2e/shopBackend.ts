import type { IncomingMessage, ServerResponse } from 'node:http';

// The example shops' catalogue, as Shopify variants (prices in cents, as Shopify answers).
const VARIANTS: Record<string, { product_id: number; sku: string; product_title: string; variant_title: string; vendor: string; product_type: string; price: number }> = {
  4001: { product_id: 77, sku: 'SHOE-1', product_title: 'Trail shoe', variant_title: '42', vendor: 'Peak', product_type: 'Shoes', price: 5990 },
  4002: { product_id: 78, sku: 'SOCK-1', product_title: 'Wool sock', variant_title: 'M', vendor: 'Peak', product_type: 'Socks', price: 1290 },
};

/**
 * A fake shop backend for the example shops, one cart per collector: Shopify's AJAX cart
 * (`POST /cart/add.js`, `/cart/change.js`, `/cart/update.js`, JSON or form-encoded, answering
 * Shopify-shaped JSON; a 422 for an unknown variant, as Shopify does), a form post to
 * `/cart/add` (redirected to the cart page), and WooCommerce's `?wc-ajax=add_to_cart`.
 * Returns false for any other request.
 */
export const shopBackend = () => {
  const cart = new Map<string, number>();
  const token = 'tok-' + Math.random().toString(36).slice(2, 8);
  const line = (id: string) => {
    const v = VARIANTS[id]!;
    return { id: +id, variant_id: +id, key: id + ':k', title: v.product_title + ' - ' + v.variant_title, quantity: cart.get(id) || 0, ...v };
  };
  const whole = () => ({ token, currency: 'EUR', item_count: [...cart.values()].reduce((a, b) => a + b, 0), items: [...cart.keys()].map(line) });
  const json = (res: ServerResponse, status: number, body: unknown) => (res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body)), true);

  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    const m = /\/cart\/(add|change|update)(\.js)?$/.exec(url.pathname);
    const woo = url.searchParams.get('wc-ajax');
    if (req.method != 'POST' || (!m && !woo)) return false;
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = String(req.headers['content-type']).includes('json') ? JSON.parse(raw || '{}') : Object.fromEntries(new URLSearchParams(raw));
    if (woo == 'add_to_cart') return json(res, 200, { fragments: { 'div.widget_shopping_cart_content': '<div></div>' }, cart_hash: 'h' + raw.length });
    if (!m) return json(res, 400, { error: 'unknown wc-ajax action' });
    const kind = m[1];
    if (kind == 'add') {
      const items: { id: string | number; quantity?: string | number }[] = body.items || [body];
      if (items.some((i) => !VARIANTS[String(i.id)])) return json(res, 422, { status: 422, message: 'Cart Error', description: 'Cannot find variant' });
      for (const i of items) cart.set(String(i.id), (cart.get(String(i.id)) || 0) + (Number(i.quantity) || 1));
      if (!m[2]) return res.writeHead(302, { Location: '/examples/shops/shopify/cart.html' }).end(), true;
      return json(res, 200, body.items ? { items: items.map((i) => line(String(i.id))) } : line(String(body.id)));
    }
    const set: [string, unknown][] = kind == 'change' ? [[String(body.id).split(':')[0]!, body.quantity]] : Object.entries(body.updates || {});
    for (const [id, q] of set) Number(q) > 0 ? cart.set(id, Number(q)) : cart.delete(id);
    return json(res, 200, whole());
  };
};
