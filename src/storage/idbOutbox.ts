import { createStore, promisifyRequest } from 'idb-keyval';
import type { Outbox, OutboxLimits, OutboxRecord } from './outbox.js';
import { uuid } from '../lib/uuid.js';

interface Meta {
  /** events stored */
  c: number;
  /** their bytes */
  b: number;
  /** events dropped and not yet reported to a collector */
  d: number;
}

// Records have array keys [time, tab, seq]; the counters and the lease have number keys,
// which IndexedDB sorts before every array, so the range of all arrays holds only records.
const META = 0;
const LEASE = 1;
const records = () => IDBKeyRange.lowerBound([]);

/**
 * The IndexedDB outbox, one database per tracker name through idb-keyval's `createStore`.
 * Every change runs in one readwrite transaction together with the counters, so the bounds
 * hold across tabs without a lock; only sending needs the lock.
 */
export const idbOutbox = (name: string, lim: OutboxLimits): Outbox => {
  let store = createStore(name, 'outbox');
  // Another tab deleting the database or upgrading it waits for this connection to close:
  // close it when asked, and open a fresh one for the next transaction.
  const run = <T>(fn: (s: IDBObjectStore) => T | PromiseLike<T>): Promise<T> =>
    store('readwrite', (s) => {
      const db = s.transaction.db;
      db.onversionchange = () => {
        db.close();
        store = createStore(name, 'outbox');
      };
      return fn(s);
    });
  const tx = async <T>(fn: (s: IDBObjectStore, m: Meta) => T | Promise<T>): Promise<T> =>
    run(async (s) => {
      const m: Meta = (await promisifyRequest(s.get(META))) || { c: 0, b: 0, d: 0 };
      const result = await fn(s, m);
      s.put(m, META);
      await promisifyRequest(s.transaction);
      return result;
    });
  const drop = (s: IDBObjectStore, m: Meta, r: OutboxRecord) => {
    s.delete(r.k);
    m.c--;
    m.b -= r.n;
  };
  // Deletes only records still there: another tab may have trimmed them meanwhile,
  // and counting them twice would let the counters drift.
  const removeExisting = async (s: IDBObjectStore, m: Meta, list: OutboxRecord[]) => {
    const there = await Promise.all(list.map((r) => promisifyRequest(s.count(r.k))));
    let n = 0;
    list.forEach((r, j) => there[j] && (drop(s, m, r), n++));
    return n;
  };
  const me = uuid();
  return {
    add: (list, extra = 0) =>
      tx((s, m) => {
        m.d += extra;
        for (const r of list) s.put(r, r.k), m.c++, (m.b += r.n);
        const over = () => m.c > lim.maxEvents || m.b > lim.maxBytes;
        return new Promise<void>((resolve, reject) => {
            if (!over()) return resolve();
            const req = s.openCursor(records());
            req.onsuccess = () => {
              const cur = req.result;
              if (cur && over()) drop(s, m, cur.value), m.d++, cur.continue();
              else resolve();
            };
            req.onerror = () => reject(req.error);
          });
      }),
    read: (limit) =>
      tx(async (s, m) => {
        const list: OutboxRecord[] = await promisifyRequest(s.getAll(records(), limit));
        const min = Date.now() - lim.maxAge;
        const keep = list.filter((r) => r.k[0] >= min || (drop(s, m, r), m.d++, false));
        return { records: keep, dropped: m.d };
      }),
    remove: (list, reported) =>
      tx(async (s, m) => {
        await removeExisting(s, m, list);
        m.d = Math.max(0, m.d - reported);
      }),
    reject: (list) =>
      tx(async (s, m) => {
        m.d += await removeExisting(s, m, list);
      }),
    async lock(fn) {
      const locks = typeof navigator != 'undefined' ? navigator.locks : undefined;
      if (locks) return locks.request(name + '-send', { ifAvailable: true }, (l) => (l ? fn() : undefined));
      // Without Web Locks (insecure contexts, old browsers): a lease in the same database,
      // taken in one transaction, so two tabs cannot both hold it. It expires after 30 s in
      // case its tab died holding it.
      const got = await run(async (s) => {
        const l = await promisifyRequest(s.get(LEASE));
        const now = Date.now();
        if (l && l.o !== me && l.e > now) return false;
        s.put({ o: me, e: now + 30000 }, LEASE);
        return true;
      });
      if (!got) return undefined;
      try {
        return await fn();
      } finally {
        await run(async (s) => {
          const l = await promisifyRequest(s.get(LEASE));
          if (l && l.o === me) s.delete(LEASE);
        });
      }
    },
    // Everything goes, counters and lease too: after a refusal of consent nothing is left.
    clear: () => run((s) => (s.clear(), promisifyRequest(s.transaction))),
  };
};
