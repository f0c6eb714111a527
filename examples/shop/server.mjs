/**
 * Serves the demo shop on 127.0.0.1 under a strict Content-Security-Policy (scripts and styles
 * from the shop's own origin only: no inline code anywhere), with the SDK's script-tag build at
 * /dist/waymark.iife.js.
 *
 *   import { startShop } from './examples/shop/server.mjs';
 *   const shop = await startShop({ port: 8081, endpoint: 'http://127.0.0.1:8080/v1/batch' });
 *   shop.url;            // 'http://127.0.0.1:8081'
 *   await shop.close();
 *
 * The pages say `data-endpoint="/v1/batch"` (this origin), so they also work behind any server
 * that takes batches there. `endpoint` and `attributes` rewrite the Waymark script tag's data-
 * attributes as pages are served: that is how the demo points the shop at its collector, and
 * how tests shorten the abandonment window (`attributes: { abandonAfter: 5000 }`).
 */
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const SHOP = fileURLToPath(new URL('.', import.meta.url));
const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.map': 'application/json' };

const kebab = (k) => k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
const escape = (v) => String(v).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** Sets `data-*` attributes on the page's Waymark script tag (replacing ones it has). */
export const setAttributes = (html, attributes) =>
  html.replace(/<script async src="\/dist\/waymark\.iife\.js"[^>]*>/, (tag) => {
    for (const [k, v] of Object.entries(attributes)) {
      if (v === undefined) continue;
      const attr = `data-${kebab(k)}="${escape(typeof v == 'object' ? JSON.stringify(v) : v)}"`;
      const re = new RegExp(`data-${kebab(k)}="[^"]*"`);
      tag = re.test(tag) ? tag.replace(re, attr) : tag.replace(/>$/, ' ' + attr + '>');
    }
    return tag;
  });

/**
 * Starts the shop.
 * @param {object} [options]
 * @param {number} [options.port] default 8081; 0 picks a free port.
 * @param {string} [options.host] default 127.0.0.1.
 * @param {string} [options.endpoint] collector URL written into data-endpoint (default: this origin's /v1/batch).
 * @param {Record<string, unknown>} [options.attributes] more data- attributes for the script tag, camelCased.
 * @returns {Promise<{ url: string, landing: string, close: () => Promise<void> }>}
 */
export const startShop = async ({ port = 8081, host = '127.0.0.1', endpoint, attributes = {} } = {}) => {
  const collectorOrigin = endpoint ? new URL(endpoint).origin : '';
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${collectorOrigin}`.trim(),
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  const server = createServer(async (req, res) => {
    // The shop has no icon; answering keeps the browser console free of a 404.
    if (req.url == '/favicon.ico') return res.writeHead(204).end();
    const path = normalize(decodeURIComponent(new URL(req.url || '/', 'http://shop').pathname));
    const file = path == '/' ? join(SHOP, 'index.html') : path.startsWith('/dist/') ? join(DIST, path.slice(6)) : join(SHOP, path);
    // Only the shop's own files and the built SDK: never server.mjs or anything outside.
    const allowed = (file.startsWith(SHOP) && /\.(html|js|css)$/.test(file) && !file.endsWith('server.mjs')) || file.startsWith(DIST);
    // A Shopify-style AJAX cart that knows one product, the sold-out 3-pack: it answers as
    // Shopify does when an item is sold out (the shop's own cart lives in localStorage).
    if (req.method == 'POST' && path == '/cart/add.js') {
      req.resume();
      res.writeHead(422, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      return res.end(JSON.stringify({ status: 422, message: 'Cart Error', description: "The product 'Merino Socks 3-pack' is already sold out." }));
    }
    if (req.method != 'GET' || !allowed) return res.writeHead(404).end('not found');
    try {
      let body = await readFile(file);
      if (file.endsWith('.html')) body = setAttributes(body.toString('utf8'), { endpoint, ...attributes });
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream', 'Content-Security-Policy': csp, 'Cache-Control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(undefined));
  });
  const url = `http://${host}:${server.address().port}`;
  return {
    url,
    /** The home page as an email campaign's link reaches it. */
    landing: url + '/index.html?utm_source=newsletter&utm_medium=email&utm_campaign=autumn-sale',
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve(undefined)))),
  };
};
