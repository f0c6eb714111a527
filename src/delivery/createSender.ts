import type { Transport } from '../types.js';
import type { Outbox, OutboxRecord } from '../storage/outbox.js';
import { backoff } from './backoff.js';
import { retryAfter } from './retryAfter.js';
import { batchBody, batchKey, fit } from './batchBody.js';
import { warn } from '../lib/warn.js';

/** What a sender needs. */
export interface SenderOptions {
  outbox: Outbox;
  transport: Transport;
  /** true when `transport` is the default one, so a beacon may use navigator.sendBeacon */
  beacon: boolean;
  url: string;
  headers: Record<string, string>;
  writeKey?: string;
  batchSize: number;
  batchBytes: number;
  maxRetryDelay: number;
  /** Called with records the collector confirmed or refused for good. */
  done(records: OutboxRecord[]): void;
  /** False while nothing may be sent (no consent). */
  may(): boolean;
}

// Browsers cap the bodies of all keepalive requests and beacons in flight at 64 KiB.
const KEEPALIVE = 65000;

/**
 * Sends the outbox in batches while this tab holds the send lock: read the oldest events,
 * send, remove them only once the collector said 2xx. Network errors, 408, 429 and 5xx are
 * retried with capped, jittered exponential backoff (or the Retry-After the collector asked
 * for); 413 halves the batch; any other 4xx drops the batch with a counted warning.
 */
export const createSender = (o: SenderOptions) => {
  let running: Promise<void> | undefined;
  // The flush that runs once the one under way ends: it may have read the outbox too early.
  let next: Promise<void> | undefined;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let due = Infinity;
  let attempt = 0;
  // No scheduled flush before this time: a backoff or a Retry-After is running.
  let notBefore = 0;
  const inflight = new Set<string>();
  const auth: Record<string, string> = o.writeKey ? { Authorization: 'Basic ' + btoa(o.writeKey + ':') } : {};

  /** Flushes in `ms` unless a flush is already due sooner. */
  const schedule = (ms: number) => {
    const at = Math.max(Date.now() + ms, notBefore);
    if (stopped || (timer && due <= at)) return;
    clearTimeout(timer);
    due = at;
    timer = setTimeout(() => ((timer = undefined), (due = Infinity), flush()), at - Date.now());
  };
  const retry = (ms: number) => {
    notBefore = Date.now() + ms;
    clearTimeout(timer);
    timer = undefined;
    schedule(ms);
  };

  const drain = async (keepalive: boolean) => {
    let cap = o.batchSize;
    const start = Date.now();
    for (;;) {
      // A long backlog yields the lock now and then, so the fallback lease never expires under us.
      if (Date.now() - start > 20000) return schedule(0);
      const { records, dropped } = await o.outbox.read(cap);
      if (!records.length) return;
      if (typeof navigator != 'undefined' && navigator.onLine === false) return retry(o.maxRetryDelay);
      const batch = fit(records, keepalive ? KEEPALIVE : o.batchBytes);
      let status = 0;
      let wait: number | undefined;
      for (const r of batch) inflight.add(r.i);
      try {
        const res = await o.transport({
          url: o.url,
          body: batchBody(batch, dropped),
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': batchKey(batch), ...auth, ...o.headers },
          keepalive,
        });
        status = res.status;
        wait = retryAfter(res.retryAfter);
      } catch {
        // a network error: status stays 0 and the batch is retried
      }
      for (const r of batch) inflight.delete(r.i);
      if (status >= 200 && status < 300) {
        attempt = notBefore = 0;
        await o.outbox.remove(batch, dropped);
        o.done(batch);
      } else if (status == 413 && batch.length > 1) {
        cap = batch.length >> 1;
      } else if (status >= 400 && status < 500 && status != 408 && status != 429) {
        warn('The collector refused a batch with HTTP ' + status + ': its events were dropped and counted. Check endpoint and writeKey.');
        await o.outbox.reject(batch);
        o.done(batch);
      } else return retry(wait ?? backoff(attempt++, o.maxRetryDelay));
    }
  };

  /** Sends what is stored. Resolves when the outbox is empty, a send failed, or another tab is sending. */
  const flush = (keepalive = false): Promise<void> => {
    if (stopped || !o.may()) return Promise.resolve();
    if (running)
      return (next ||= running.then(() => {
        next = undefined;
        return flush(keepalive);
      }));
    return (running = o.outbox
      .lock(() => drain(keepalive).then(() => true))
      .then((held) => {
        if (!held) schedule(1000 + Math.random() * 1000);
      })
      .catch((e) => warn('Sending failed: ' + e))
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
      timer = undefined;
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
        const body = batchBody(batch, 0, { idempotencyKey: batchKey(batch), ...(o.writeKey && { writeKey: o.writeKey }) });
        if (body.length > budget) return;
        if (o.beacon && navigator.sendBeacon) {
          if (!navigator.sendBeacon(o.url, body)) return;
        } else o.transport({ url: o.url, body, headers: { 'Content-Type': 'text/plain' }, keepalive: true }).catch(() => {});
        budget -= body.length;
        list = list.slice(batch.length);
      }
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
};
