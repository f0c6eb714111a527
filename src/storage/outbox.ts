import { createStore, promisifyRequest } from 'idb-keyval';
import { uuid } from '../lib/uuid.js';
import { DEV, warn } from '../lib/warn.js';

/** One stored event: its key (time, tab, sequence), messageId, JSON and UTF-8 size. */
export interface OutboxRecord {
  k: [number, string, number];
  i: string;
  s: string;
  n: number;
  /** Set by read(), never stored: the key of the IndexedDB record that holds the event. */
  _in?: IDBValidKey;
}

/** Bounds of the outbox. Past any of them the oldest events are dropped and counted. */
export interface OutboxLimits {
  maxEvents: number;
  maxBytes: number;
  maxAge: number;
  /** Events in one stored record at most: the sender's batch size (100 when not given). */
  batch?: number;
}

/**
 * Where events wait until a collector has confirmed them. Shared by every tab of an origin
 * when it lives in IndexedDB; only the holder of `lock` reads, sends and removes.
 */
export interface Outbox {
  /** Stores records, trimming the oldest past the bounds; `dropped` counts events refused before storage. */
  add(records: OutboxRecord[], dropped?: number): Promise<void>;
  /** The oldest `limit` records, dropping (and counting) expired ones; with the dropped count so far. */
  read(limit: number): Promise<Read>;
  /** No tab of the origin sends before `until` (ms since the epoch): a collector's Retry-After. */
  hold(until: number): Promise<void>;
  /**
   * Removes delivered records and acknowledges `reported` dropped events the collector was told
   * of; with `limit`, reads the next records in the same transaction.
   */
  remove(records: OutboxRecord[], reported: number, limit?: number): Promise<Read | undefined>;
  /** Removes records a collector refused for good, counting them as dropped. */
  reject(records: OutboxRecord[], limit?: number): Promise<Read | undefined>;
  /** Runs `fn` if no other tab is sending; resolves undefined without running it otherwise. */
  lock<T>(fn: () => Promise<T>): Promise<T | undefined>;
  /**
   * The page is going away: stores `writes` (the records of each add() whose write may not
   * commit in time) in one transaction committed before this returns; the next page's
   * `restore` adds them. A record alone stands for a write of its own (an older version's spill).
   */
  spill(writes: (OutboxRecord[] | OutboxRecord)[], tab: string): void;
  /** Adds what pages that went spilled, skipping what their own writes committed. */
  restore(): Promise<void>;
  /** Deletes every stored event, spilled ones included. */
  clear(): Promise<void>;
}

/** What read() returns. */
export interface Read {
  records: OutboxRecord[];
  dropped: number;
  wait: number;
}

/** Counters kept with the records, changed in the same transaction. */
interface Meta {
  /** events stored */
  c: number;
  /** their bytes */
  b: number;
  /** events dropped and not yet reported to a collector */
  d: number;
  /** no sending before this time (a Retry-After), ms */
  w?: number;
  /** transactions so far: a tab sees whether another changed the outbox since its own last one */
  v?: number;
}

/** Records as the outbox holds them, in order: each key with its events. */
type Mirror = [IDBValidKey, OutboxRecord[]][];

/** The part of IDBObjectStore the outbox uses; a request or, in memory, the value itself. */
interface Store {
  get(key: IDBValidKey): unknown;
  put(value: unknown, key: IDBValidKey): unknown;
  delete(key: IDBValidKey | IDBKeyRange): unknown;
  getAll(range: unknown, limit?: number): unknown;
  getAllKeys(range: unknown, limit?: number): unknown;
  clear(): unknown;
}

const META = 0;
const LEASE = 1;

/**
 * The same store in this page's memory: the fallback when IndexedDB cannot be used. A Map
 * keeps insertion order, which is key order for the records of one page (a rewritten record
 * keeps its key, so its place), so key ranges are not needed: reads start at the oldest. Keys
 * are compared as objects: a record is rewritten or deleted by the key a read returned.
 */
const memoryStore = (): Store => {
  const m = new Map<unknown, unknown>();
  const records = (n?: number) => [...m].filter(([k]) => Array.isArray(k)).slice(0, n);
  return {
    get: (k) => m.get(k),
    put: (v, k) => m.set(k, v),
    delete: (k) => m.delete(k),
    getAll: (_, n) => records(n).map((r) => r[1]),
    getAllKeys: (_, n) => records(n).map((r) => r[0]),
    clear: () => m.clear(),
  };
};

/**
 * The events of a stored record. A record is the array of events one write stored (at most a
 * batch of them); an older version stored every event as a record of its own, read the same way.
 */
const eventsOf = (v: unknown) => (Array.isArray(v) ? v : [v]) as OutboxRecord[];

/**
 * The outbox of a tracker: one IndexedDB database per tracker name through idb-keyval's
 * `createStore`. Every change runs in one readwrite transaction together with the counters,
 * so the bounds hold across tabs without a lock; only sending needs the lock.
 *
 * The first time IndexedDB is missing, throws (private mode, quota, a deleted database) or
 * does not answer within 10 s (an upgrade blocked by another tab), the outbox moves to memory
 * for the rest of the page, with one warning. `memory` starts it there.
 */
export const createOutbox = (name: string, lim: OutboxLimits, memory?: boolean): Outbox => {
  const open = () => createStore(name, 'outbox');
  let idb = memory ? undefined : open();
  // The spill database, opened by restore(): pagehide needs it synchronously.
  const idbSpills = memory ? undefined : createStore(name + '-spill', 'spill');
  let sdb: IDBDatabase | undefined;
  const spills: typeof idbSpills = idbSpills && ((mode, fn) => idbSpills(mode, (s) => ((sdb = s.transaction.db), fn(s))));
  const LOCAL = name + '-spill:';
  // The send lease (without Web Locks) has a database of its own: a lease transaction in flight
  // at pagehide would hold up the spill behind it, and the page would lose what it spilled.
  const leases = memory ? undefined : createStore(name + '-lease', 'lease');
  let ldb: IDBDatabase | undefined;
  let leased = false;
  const text = IDBKeyRange.lowerBound('');
  const localKeys = () => {
    const keys: string[] = [];
    try {
      for (let i = 0; i < localStorage.length; i++) if (localStorage.key(i)?.startsWith(LOCAL)) keys.push(localStorage.key(i)!);
    } catch {
      // no localStorage here: nothing was spilled to it
    }
    return keys;
  };
  const mem = memoryStore();
  // Every record of the outbox, in the order written, while this tab knows them all: known
  // from a read that found the outbox empty, kept by this tab's own writes and removals, and
  // dropped by a transaction that finds the counters other than this tab's last one left them
  // (another tab, or an older version, changed the outbox; the next read reads it again).
  // Known, it is what the sender sends and removes by key, so a tab's burst is written once and
  // never read back. Only in IndexedDB (the memory fallback's transactions do not run one at a
  // time, so one may find the counters as another left them halfway).
  let mirror: Mirror | undefined;
  let seen: Meta | undefined;
  const fallback = (e: unknown) => {
    if (DEV && idb) warn('IndexedDB is unavailable (' + ((e as Error)?.name || e) + '): events wait in memory and are lost if the page closes unsent.');
    idb = undefined;
  };
  const run = async <T>(fn: (s: Store, p: (r: unknown) => Promise<any>) => Promise<T>): Promise<T> => {
    if (idb) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        return await Promise.race([
          idb('readwrite', (s) => {
            const db = s.transaction.db;
            // Another tab upgrades or deletes the database: let it, and reopen on next use.
            db.onversionchange = () => {
              db.close();
              if (idb) idb = open();
            };
            return fn(s, promisifyRequest as (r: unknown) => Promise<any>).then(async (x) => (await promisifyRequest(s.transaction), x));
          }),
          new Promise<never>((_, no) => (timer = setTimeout(no, 1e4, 'timeout'))),
        ]);
      } catch (e) {
        fallback(e);
      } finally {
        clearTimeout(timer);
      }
    }
    return fn(mem, async (r) => r);
  };
  // `known`: the mirror, when the outbox is as this tab's last transaction left it; `fn` sets
  // `mirror` to what the outbox holds after it, when it knows.
  const tx = <T>(fn: (s: Store, m: Meta, p: (r: unknown) => Promise<any>, known?: Mirror) => Promise<T>): Promise<T> =>
    run(async (s, p) => {
      const m: Meta = (await p(s.get(META))) || { c: 0, b: 0, d: 0 };
      // the count too: an older version changes it, not `v`
      const known = idb && seen && m.v === seen.v && m.c === seen.c ? mirror : undefined;
      mirror = undefined;
      const result = await fn(s, m, p, known);
      m.v = (m.v || 0) + 1;
      s.put(m, META);
      seen = m;
      return result;
    });
  // Key ranges exist only for IndexedDB (the memory store reads in insertion order). Records
  // have array keys, which sort after the numbers of the meta and lease entries.
  const range = (lo: unknown[], hi?: unknown[]) => idb && (hi ? IDBKeyRange.bound(lo, hi) : IDBKeyRange.lowerBound(lo));
  const uncount = (m: Meta, r: OutboxRecord) => {
    m.c--;
    m.b -= r.n;
  };
  // A record is the events of one write, at most a batch of them, under the key of its first
  // event and their count: [time, tab, sequence, count]. Removing events from it stores what
  // is left under the same key, so it keeps its place and the count is what it was written
  // with, an upper bound. Records of a batch each is what makes writes cheap (one put per
  // write task, not one per event) and sending too: a batch (read by batchSize) takes whole
  // records, removed with one delete. Batch boundaries are not known at write time (bytes, a
  // 413 halving, a bisection, the 64 KiB at hide, writes of a few events each), so a batch
  // that ends inside a record leaves it rewritten with the rest.
  const both = (s: Store, p: (r: unknown) => Promise<any>, span: unknown, n?: number): Promise<[IDBValidKey[], unknown[]]> =>
    Promise.all([p(s.getAllKeys(span, n)), p(s.getAll(span, n))]);
  // Takes the events `out` picks out of records read by `both`, uncounted, and stores what is
  // left of each: when nothing is, and `span` covers them, with one request.
  const sift = (s: Store, m: Meta, [keys, values]: [IDBValidKey[], unknown[]], out: (r: OutboxRecord) => unknown, span?: IDBKeyRange) => {
    const sifted = keys.map((k, i): [IDBValidKey, OutboxRecord[], OutboxRecord[]] => {
      const events = eventsOf(values[i]);
      const left = events.filter((r) => !out(r) || (uncount(m, r), false));
      if (left.length) span = undefined;
      return [k, events, left];
    });
    if (span) s.delete(span);
    else for (const [k, events, left] of sifted) left.length ? left.length < events.length && s.put(left, k) : s.delete(k);
    return sifted;
  };
  // Only events still there count: another sender (after a lease ran out) may have removed
  // them already. One request reads the records from the batch's first to its last (in key
  // order, as read() returned them); when they hold nothing else (the usual case), one
  // request deletes them all.
  // A record's key is the one read() gave its events: those of another tab in the range are
  // left as they are. With the mirror (`known`), nothing is read: it is what the outbox holds.
  const removeExisting = async (s: Store, m: Meta, p: (r: unknown) => Promise<any>, list: OutboxRecord[], known?: Mirror) => {
    const keys = new Map(list.map((r) => [r.i, r._in!]));
    const span = range(list[0]!._in as unknown[], list[list.length - 1]!._in as unknown[]);
    const values: unknown[] = known ? known.map((r) => r[1]) : await p(s.getAll(span));
    const keyOf = (v: unknown) => {
      for (const r of eventsOf(v)) if (keys.has(r.i)) return keys.get(r.i)!;
      return undefined;
    };
    let removed = 0;
    const sifted = sift(s, m, [known ? known.map((r) => r[0]) : (values.map(keyOf) as IDBValidKey[]), values], (r) => keys.has(r.i) && ++removed, span);
    if (known) mirror = sifted.filter((r) => r[2].length).map(([k, , left]) => [k, left]);
    return removed;
  };
  // The records a write of `list` is stored as: parts of at most a batch, each under its key.
  const parts = (list: OutboxRecord[]) => {
    const out: Mirror = [];
    for (let i = 0, size = lim.batch || 100; i < list.length; i += size) {
      const part = list.slice(i, i + size);
      out.push([[...part[0]!.k, part.length], part]);
    }
    return out;
  };
  const store = async (s: Store, m: Meta, p: (r: unknown) => Promise<any>, records: Mirror) => {
    for (const [k, part] of records) {
      s.put(part, k);
      for (const r of part) m.c++, (m.b += r.n);
    }
    const over = () => m.c > lim.maxEvents || m.b > lim.maxBytes;
    // Oldest first, ten records at a time: a full outbox is not read whole on every write.
    for (let old: [IDBValidKey[], unknown[]]; over() && (old = await both(s, p, range([]), 10))[0].length; ) sift(s, m, old, () => over() && ++m.d);
  };
  // The first `limit` events of records in order, each marked with its record's key; a long
  // backlog is walked no further than that.
  const first = (records: Mirror, limit: number) => {
    const list: OutboxRecord[] = [];
    for (const [k, events] of records)
      for (const r of events) {
        if (list.length == limit) return list;
        (r._in = k), list.push(r);
      }
    return list;
  };
  // The oldest `limit` events: from the mirror, when it is known and its oldest event has not
  // expired (the rest are no older); else the keys first (cheap), to read as many records as
  // hold `limit` events.
  const read = async (s: Store, m: Meta, p: (r: unknown) => Promise<any>, known: Mirror | undefined, limit: number): Promise<Read> => {
    const min = Date.now() - lim.maxAge;
    const answer = (records: OutboxRecord[]) => ({ records, dropped: m.d, wait: m.w || 0 });
    const keys: unknown[][] = known ? known.map((r) => r[0] as unknown[]) : await p(s.getAllKeys(range([]), limit));
    // nothing stored: nothing counted (a write that committed after its spill was restored
    // put the same record again and counted its events twice), and the mirror is known
    if (!keys.length) (m.c = m.b = 0), (mirror = []);
    else if (known && known[0]![1][0]!.k[0] >= min) return ((mirror = known), answer(first(known, limit)));
    let n = 0;
    let j = 0;
    // the count each record was written with (an older version's record: one event)
    while (j < keys.length && n < limit) n += (keys[j++]![3] as number) ?? 1;
    // j is 0 only when nothing is stored (getAll's 0 would read all of them)
    const sifted = sift(s, m, [keys.slice(0, j) as IDBValidKey[], j ? await p(s.getAll(range([]), j)) : []], (r) => r.k[0] < min && ++m.d);
    return answer(
      first(
        sifted.map(([k, , left]) => [k, left]),
        limit,
      ),
    );
  };
  const me = uuid();
  return {
    add: (list, extra = 0) =>
      tx(async (s, m, p, known) => {
        m.d += extra;
        const written = parts(list);
        const dropped = m.d;
        await store(s, m, p, written);
        // in the order written (the key order, unless the clock went back); a write the
        // outbox had to drop events for leaves the mirror unknown
        if (known && m.d == dropped) mirror = known.concat(written);
      }),
    // Measured in Chromium (bench/unload.mjs): a transaction committed explicitly inside
    // pagehide survives a navigation or a close, unless it waits behind one still in flight
    // (the outbox's own write, usually), and one left to commit by itself is aborted. So the
    // spill has a database of its own. Even there it can wait: behind this page's restore, or
    // another tab's. localStorage, written at once, survives a navigation (not always a
    // close), so the spill goes to both, and restore() takes each write once. A tab going away
    // releases its send lease too (without Web Locks), in the lease's own database.
    spill(list, tab) {
      const commit = (db: IDBDatabase | undefined, store: string, write: (o: IDBObjectStore) => unknown) => {
        try {
          if (!db) return;
          const t = db.transaction(store, 'readwrite');
          write(t.objectStore(store));
          t.commit();
        } catch {
          // the database is closing: the beacon is all that is left
        }
      };
      if (list.length) {
        try {
          localStorage.setItem(LOCAL + tab, JSON.stringify(list));
        } catch {
          // no localStorage (a sandboxed frame) or over its quota: the spill database is left
        }
        commit(sdb, 'spill', (o) => o.put(list, tab));
      }
      if (leased) commit(ldb, 'lease', (o) => o.delete(LEASE));
    },
    async restore() {
      try {
        if (!idb || !spills) return;
        // string keys: the spills of tabs (a number is an older version's send lease)
        const [keys, lists] = await spills('readonly', (s) => both(s, promisifyRequest as (r: unknown) => Promise<any>, text));
        const local = localKeys();
        if (!keys.length && !local.length) return;
        const writes = (lists as (OutboxRecord[] | OutboxRecord)[][]).flat();
        for (const k of local)
          try {
            writes.push(...JSON.parse(localStorage.getItem(k)!));
          } catch {
            // unreadable: dropped below with the rest
          }
        await tx(async (s, m, p) => {
          // the keys of the records and of the events in them
          const there = new Set<string>();
          const add: Mirror = [];
          const mark = (k: unknown) => there.add(String(k));
          for (const [k, , events] of sift(s, m, await both(s, p, range([])), () => 0)) mark(k), events.forEach((r) => mark(r.k));
          // A write is put back under the keys its own write uses, so one that commits late
          // overwrites it instead of storing its events twice; one whose record is there committed
          // (what it lacks was delivered). An older version's spill is events under their own keys.
          for (const w of writes)
            for (const [k, part] of Array.isArray(w) ? parts(w) : [[w.k, [w]] as const]) {
              const left = part.filter((r) => !there.has(String(r.k)));
              if (!there.has(String(k)) && left.length) add.push([k, left]);
              mark(k), left.forEach((r) => mark(r.k));
            }
          await store(s, m, p, add);
        });
        for (const k of local) localStorage.removeItem(k);
        if (keys.length) await spills('readwrite', (s) => (keys.forEach((k) => s.delete(k)), promisifyRequest(s.transaction)));
      } catch {
        // left for the next page
      }
    },
    read: (limit) => tx((s, m, p, known) => read(s, m, p, known, limit)),
    hold: (until) =>
      tx(async (_, m) => {
        m.w = until;
      }),
    remove: (list, reported, limit) =>
      tx(async (s, m, p, known) => {
        await removeExisting(s, m, p, list, known);
        m.d = Math.max(0, m.d - reported);
        return limit ? read(s, m, p, mirror, limit) : undefined;
      }),
    reject: (list, limit) =>
      tx(async (s, m, p, known) => {
        m.d += await removeExisting(s, m, p, list, known);
        return limit ? read(s, m, p, mirror, limit) : undefined;
      }),
    // Web Locks where there are (secure contexts); elsewhere a 30-second lease in the store.
    async lock(fn) {
      if (!idb) return fn();
      const locks = typeof navigator != 'undefined' ? navigator.locks : undefined;
      // A page whose origin may not take locks (a sandboxed frame: SecurityError) sends without
      // one. A document being unloaded is refused too (InvalidStateError): it sends nothing
      // then, and its pagehide beacon carries the events.
      let ran: Promise<unknown> | undefined;
      if (locks)
        return locks
          .request(name + '-send', { ifAvailable: true }, (l) => (l ? (ran = fn()) : undefined))
          .catch((e) => (ran ? Promise.reject(e) : (e as Error)?.name == 'SecurityError' ? fn() : undefined));
      const lease = (f: (l: { o: string; e: number } | undefined, s: IDBObjectStore) => boolean) =>
        leases!('readwrite', async (s) => ((ldb = s.transaction.db), f(await promisifyRequest(s.get(LEASE)), s))).catch(() => true);
      const now = Date.now();
      if (!(await lease((l, s) => (l && l.o !== me && l.e > now ? false : (s.put({ o: me, e: now + 30000 }, LEASE), true))))) return undefined;
      leased = true;
      try {
        return await fn();
      } finally {
        leased = false;
        await lease((l, s) => (l && l.o === me && s.delete(LEASE), true));
      }
    },
    // What pages that went spilled and the next has not restored yet goes too.
    async clear() {
      localKeys().forEach((k) => localStorage.removeItem(k));
      await Promise.all([run(async (s) => void s.clear()), idbSpills?.('readwrite', (s) => promisifyRequest(s.clear())).catch(() => {})]);
    },
  };
};
