import type { Transport } from '../types.js';

/**
 * The default transport: fetch, with keepalive when the page is going away. keepalive keeps
 * the request alive past unload; browsers cap all keepalive bodies in flight at 64 KB, which
 * the sender respects.
 */
export const fetchTransport: Transport = async ({ url, body, headers, keepalive, signal }) => {
  const res = await fetch(url, { method: 'POST', body, headers, keepalive, signal, credentials: 'omit', mode: 'cors' });
  return { status: res.status, retryAfter: res.headers.get('Retry-After') };
};
