/** One stored event: its key (time, tab, sequence), messageId, JSON and UTF-8 size. */
export interface OutboxRecord {
  k: [number, string, number];
  i: string;
  s: string;
  n: number;
}

/** Bounds of the outbox. Past any of them the oldest events are dropped and counted. */
export interface OutboxLimits {
  maxEvents: number;
  maxBytes: number;
  maxAge: number;
}

/**
 * Where events wait until a collector has confirmed them. Shared by every tab of an origin
 * when it lives in IndexedDB; only the holder of `lock` reads, sends and removes.
 */
export interface Outbox {
  /** Stores records, trimming the oldest past the bounds; `dropped` counts events refused before storage. */
  add(records: OutboxRecord[], dropped?: number): Promise<void>;
  /** The oldest `limit` records, dropping (and counting) expired ones; with the dropped count so far. */
  read(limit: number): Promise<{ records: OutboxRecord[]; dropped: number }>;
  /** Removes delivered records and acknowledges `reported` dropped events the collector was told of. */
  remove(records: OutboxRecord[], reported: number): Promise<void>;
  /** Removes records a collector refused for good, counting them as dropped. */
  reject(records: OutboxRecord[]): Promise<void>;
  /** Runs `fn` if no other tab is sending; resolves undefined without running it otherwise. */
  lock<T>(fn: () => Promise<T>): Promise<T | undefined>;
  /** Deletes every stored event. */
  clear(): Promise<void>;
}
