import { readFileSync } from 'node:fs';
import { vi } from 'vitest';

/** A documented request/answer pair from test/fixtures/platforms (each file cites its source). */
export type Example = { title: string; request: any; response: any };

/** The examples of a fixture file, e.g. `fixture('shopify/cart-change')`. */
export const fixture = (name: string): Example[] => JSON.parse(readFileSync(new URL('../../fixtures/platforms/' + name + '.json', import.meta.url), 'utf8')).examples;

/** A GA4 event's documented parameters, e.g. `ga4('refund')`. */
export const ga4 = (event: string): any => JSON.parse(readFileSync(new URL('../../fixtures/platforms/ga4/' + event + '.json', import.meta.url), 'utf8')).params;

/**
 * The page's fetch answers each call with the next queued answer (JSON, 200); `call(url,
 * body, answer)` makes one request as a theme does (JSON body, or FormData / none as given)
 * and waits for the capture to read it.
 */
export const net = () => {
  const queue: unknown[] = [];
  const real = window.fetch;
  window.fetch = vi.fn(async () => new Response(JSON.stringify(queue.shift()), { status: 200, headers: { 'Content-Type': 'application/json' } })) as never;
  const call = async (url: string, body: unknown, answer: unknown, method = 'POST') => {
    queue.push(answer);
    const init: RequestInit = { method, headers: { 'Content-Type': 'application/json' } };
    if (body != null) init.body = body instanceof FormData ? body : JSON.stringify(body);
    await (await fetch(url, init)).json();
    await new Promise((r) => setTimeout(r, 5));
  };
  return { call, restore: () => void (window.fetch = real) };
};
