import type { Outbox, OutboxLimits, OutboxRecord } from './outbox.js';

/** An outbox in this page's memory: the fallback when IndexedDB cannot be used. */
export const memoryOutbox = (lim: OutboxLimits): Outbox => {
  let list: OutboxRecord[] = [];
  let bytes = 0;
  let dropped = 0;
  const take = (records: OutboxRecord[]) => {
    const gone = new Set(records.map((r) => r.i));
    const n = list.length;
    list = list.filter((r) => !gone.has(r.i) || ((bytes -= r.n), false));
    return n - list.length;
  };
  return {
    async add(records, extra = 0) {
      dropped += extra;
      for (const r of records) list.push(r), (bytes += r.n);
      while (list.length > lim.maxEvents || bytes > lim.maxBytes) (bytes -= list.shift()!.n), dropped++;
    },
    async read(limit) {
      const min = Date.now() - lim.maxAge;
      while (list[0] && list[0].k[0] < min) (bytes -= list.shift()!.n), dropped++;
      return { records: list.slice(0, limit), dropped };
    },
    async remove(records, reported) {
      take(records);
      dropped = Math.max(0, dropped - reported);
    },
    async reject(records) {
      dropped += take(records);
    },
    lock: (fn) => fn(),
    async clear() {
      list = [];
      bytes = 0;
    },
  };
};
