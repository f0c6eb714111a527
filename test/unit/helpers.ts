import type { Batch, TransportRequest, TransportResponse } from '../../src/types.js';

let n = 0;
/** A tracker name no other test uses, so each test gets its own database. */
export const fresh = () => 'wm-test-' + ++n + '-' + Math.random().toString(36).slice(2);

/**
 * A transport that records every request and answers with the statuses given in turn
 * (then 200), so tests assert on what a collector would have received.
 */
export const collector = (answers: (number | TransportResponse | Error)[] = []) => {
  const requests: TransportRequest[] = [];
  const batches: Batch[] = [];
  const transport = async (req: TransportRequest): Promise<TransportResponse> => {
    requests.push(req);
    const a = answers.shift() ?? 200;
    if (a instanceof Error) throw a;
    const res = typeof a == 'number' ? { status: a } : a;
    if (res.status >= 200 && res.status < 300) batches.push(JSON.parse(req.body));
    return res;
  };
  const events = () => batches.flatMap((b) => b.batch);
  return { transport, requests, batches, events };
};

/** Waits until `check` holds, polling; fails after `ms`. */
export const until = async (check: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in ' + ms + ' ms');
    await new Promise((r) => setTimeout(r, 5));
  }
};
