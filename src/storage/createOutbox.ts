import type { Outbox, OutboxLimits } from './outbox.js';
import { idbOutbox } from './idbOutbox.js';
import { memoryOutbox } from './memoryOutbox.js';
import { warn } from '../lib/warn.js';

/**
 * The outbox a tracker uses: IndexedDB, falling back to memory for the rest of the page the
 * first time IndexedDB is missing, throws (private mode, quota, a deleted database) or does
 * not answer within 10 s (an upgrade blocked by another tab). One warning says so.
 */
export const createOutbox = (name: string, lim: OutboxLimits, memoryOnly?: boolean): Outbox => {
  const mem = memoryOutbox(lim);
  let idb: Outbox | undefined;
  try {
    if (!memoryOnly) idb = indexedDB && idbOutbox(name, lim);
  } catch {
    // no indexedDB global at all
  }
  const fallback = (e: unknown) => {
    if (idb)
      warn(
        'IndexedDB is unavailable (' + ((e as Error)?.name || e) + '): events are kept in memory for this page ' +
          'and are lost if it closes before they are sent. Check private mode, storage quota and site settings.',
      );
    idb = undefined;
  };
  if (!idb && !memoryOnly) fallback('missing');
  const via =
    <K extends 'add' | 'read' | 'remove' | 'reject' | 'clear'>(op: K) =>
    async (...args: Parameters<Outbox[K]>): Promise<Awaited<ReturnType<Outbox[K]>>> => {
      const run = (o: Outbox) => (o[op] as (...a: unknown[]) => Promise<Awaited<ReturnType<Outbox[K]>>>)(...args);
      if (idb) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        try {
          return await Promise.race([
            run(idb),
            new Promise<never>((_, reject) => (timer = setTimeout(reject, 10000, 'timeout'))),
          ]);
        } catch (e) {
          fallback(e);
        } finally {
          clearTimeout(timer);
        }
      }
      return run(mem);
    };
  return {
    add: via('add'),
    read: via('read'),
    remove: via('remove'),
    reject: via('reject'),
    clear: via('clear'),
    lock: (fn) => (idb ? idb.lock(fn).catch((e) => (fallback(e), fn())) : fn()),
  };
};
