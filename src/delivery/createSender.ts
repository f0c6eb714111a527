import type { TrackerConfig } from '../types.js';
import type { Outbox, OutboxRecord, Read } from '../storage/outbox.js';
import { backoff } from './backoff.js';
import { retryAfter } from './retryAfter.js';
import { batchBody, fit } from './batchBody.js';
import { DEV, warn } from '../lib/warn.js';
import { endpointUrl, num } from '../core/validateConfig.js';
import { isObject } from '../lib/isObject.js';
import { fetchTransport } from './fetchTransport.js';

const KEEPALIVE = 65000;

/**
 * Sends the outbox in batches while this tab holds the send lock: read the oldest events,
 * send, remove them only once the collector said 2xx. Network errors, 408, 429 and 5xx are
 * retried with capped, jittered exponential backoff (or the Retry-After the collector asked
 * for); a request unanswered after `timeout` is a network error; 413 halves the batch; 400
 * and 422 bisect it until the refused message is alone; any other 4xx drops the batch with a
 * counted warning.
 */
/**
 * Most events in one request by default. Each request costs the page about 2 ms of main
 * thread whatever its size (measured in Chromium: ten 30 KB fetches 20-26 ms, one 300 KB
 * 6-9 ms), so a burst goes in few of them; `batchBytes` still caps each request's bytes.
 */
export const BATCH_SIZE = 500;

export const createSender = (
  config: TrackerConfig,
  outbox: Outbox,
  /** Called with records the collector confirmed or refused for good. */
  done: (records: OutboxRecord[]) => void,
  /** False while nothing may be sent (no consent). */
  may: () => boolean,
) => {
  // with a custom transport and no endpoint, request.url is ''
  const url = config.endpoint === undefined ? '' : endpointUrl(config.endpoint) || config.endpoint;
  const transport = config.transport || fetchTransport;
  const batchSize = num(config, 'batchSize', BATCH_SIZE);
  const batchBytes = num(config, 'batchBytes', 5e5);
  const maxRetryDelay = num(config, 'maxRetryDelay', 6e4);
  const timeout = num(config, 'timeout', 1e4);
  const writeKey = typeof config.writeKey == 'string' ? config.writeKey : '';
  const headers = isObject(config.headers) ? (config.headers as Record<string, string>) : {};
  let running: Promise<void> | undefined;
  // The flush that runs once the one under way ends: it may have read the outbox too early.
  let next: Promise<void> | undefined;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // When the flush `timer` runs; Infinity while none is set.
  let due = Infinity;
  let attempt = 0;
  // No scheduled flush before this time: a backoff or a Retry-After is running.
  let notBefore = 0;
  // The messageIds of the batch being sent (one at a time): what a beacon leaves out.
  let inflight = new Set<string>();
  // Everything a collector needs rides in the body and the one header is a plain-text
  // Content-Type, so a cross-origin batch is a CORS "simple request" with no preflight
  // (https://fetch.spec.whatwg.org/#cors-safelisted-request-header), as Segment's analytics.js
  // does. Custom headers only when the site configures them.
  const sendHeaders = { 'Content-Type': 'text/plain', ...headers };

  /** Flushes in `ms` unless a flush is already due sooner. */
  const schedule = (ms: number) => {
    const at = Math.max(Date.now() + ms, notBefore);
    if (stopped || due <= at) return;
    clearTimeout(timer);
    due = at;
    timer = setTimeout(() => ((due = Infinity), flush()), at - Date.now());
  };
  // A retry replaces whatever flush was due, even a sooner one.
  const retry = (ms: number) => {
    notBefore = Date.now() + ms;
    due = Infinity;
    schedule(ms);
  };

  const drain = async (keepalive: boolean) => {
    let cap = batchSize;
    // True while `cap` was cut by a 413 (the batch is too large), not by a 400/422 bisection.
    let big = false;
    const start = Date.now();
    // what the transaction that removed the last batch read next
    let next: Read | undefined;
    for (;;) {
      // A long backlog yields the lock now and then, so the fallback lease never expires under us.
      if (Date.now() - start > 20000) return schedule(0);
      const { records, dropped, wait: held } = next || (await outbox.read(cap));
      next = undefined;
      if (!records.length) return;
      // a Retry-After another tab (or this one) was given holds every sender of the origin
      if (held > Date.now()) return retry(held - Date.now());
      if (typeof navigator != 'undefined' && navigator.onLine === false) return retry(maxRetryDelay);
      // 200 bytes for the envelope's keys (idempotencyKey, writeKey)
      const batch = fit(records, (keepalive ? KEEPALIVE : batchBytes) - 200);
      let status = 0;
      let wait: number | undefined;
      inflight = new Set(batch.map((r) => r.i));
      // A request unanswered after `timeout` is a network error: aborted, retried with backoff,
      // and the send lock released, so a collector that never answers cannot stall every tab.
      const abort = new AbortController();
      let deadline: ReturnType<typeof setTimeout> | undefined;
      try {
        const res = await Promise.race([
          transport({ url, body: batchBody(batch, dropped, writeKey), headers: sendHeaders, keepalive, signal: abort.signal }),
          new Promise<never>((_, fail) => (deadline = setTimeout(() => (abort.abort(), fail()), timeout))),
        ]).finally(() => clearTimeout(deadline));
        status = res.status;
        wait = retryAfter(res.retryAfter);
        if (wait) await outbox.hold(Date.now() + wait);
      } catch {
        // a network error: status stays 0 and the batch is retried
      }
      inflight = new Set();
      if ((status == 413 || status == 400 || status == 422) && batch.length > 1) {
        // Too large: halve. Malformed: bisect until the message refused is alone.
        cap = batch.length >> 1;
        big = status == 413;
        continue;
      }
      const ok = status >= 200 && status < 300;
      // 408 and 429 are retried as 5xx and network errors are; any other 4xx is refused for good
      if (!ok && (status < 400 || status >= 500 || status == 408 || status == 429)) return retry(wait ?? backoff(attempt++, maxRetryDelay));
      // said before the outbox write, so a page that goes while it runs beacons none of them
      done(batch);
      // after a bisection, the batches grow back
      if (!big) cap = Math.min(batchSize, cap * 2);
      if (ok) (attempt = notBefore = 0), (next = await outbox.remove(batch, dropped, cap));
      else {
        DEV &&
          warn(
            'The collector refused ' +
              (batch.length > 1 ? batch.length + ' events' : 'the event ' + batch[0]!.i) +
              ' with HTTP ' +
              status +
              ': dropped and counted. Check endpoint and writeKey.',
          );
        next = await outbox.reject(batch, cap);
      }
    }
  };

  /** Sends what is stored. Resolves when the outbox is empty, a send failed, or another tab is sending. */
  const flush = (keepalive = false): Promise<void> => {
    if (stopped || !may()) return Promise.resolve();
    if (running)
      return (next ||= running.then(() => {
        next = undefined;
        return flush(keepalive);
      }));
    return (running = outbox
      .lock(() => drain(keepalive).then(() => true))
      .then((held) => {
        if (!held) schedule(1000 + Math.random() * 1000);
      })
      .catch((e) => void (DEV && warn('Sending failed: ' + e)))
      .finally(() => {
        running = undefined;
      }));
  };

  return {
    flush,
    schedule,
    /** Retries at once, forgetting the backoff: the network is back. */
    online() {
      attempt = notBefore = 0;
      clearTimeout(timer);
      due = Infinity;
      flush();
    },
    /**
     * The page is going away: hands the events this tab wrote and has not seen confirmed to
     * sendBeacon (or the transport, with keepalive), within the 64 KiB the browser allows.
     * They stay in the outbox, so a later page sends them again unless this one lives to see
     * them confirmed: at-least-once, and collectors drop the repeat by messageId.
     */
    beacon(records: OutboxRecord[]) {
      let list = records.filter((r) => !inflight.has(r.i));
      let budget = KEEPALIVE;
      while (list.length) {
        const batch = fit(list, budget - 200);
        const text = batchBody(batch, 0, writeKey);
        if (text.length > budget) return;
        // sendBeacon only with the default transport: a custom one decides how to send
        if (!config.transport && navigator.sendBeacon) {
          if (!navigator.sendBeacon(url, text)) return;
        } else transport({ url, body: text, headers: { 'Content-Type': 'text/plain' }, keepalive: true }).catch(() => {});
        budget -= text.length;
        list = list.slice(batch.length);
      }
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
};
