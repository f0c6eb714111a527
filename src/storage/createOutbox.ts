import type { Outbox, OutboxLimits } from './outbox.js';
import { idbOutbox } from './idbOutbox.js';
import { memoryOutbox } from './memoryOutbox.js';
import { warn } from '../lib/warn.js';

type Op = 'add' | 'read' | 'remove' | 'reject' | 'clear';

/**
 * The outbox a tracker uses: IndexedDB, falling back to memory for the rest of the page the
 * first time IndexedDB is missing, throws (private mode, quota, a deleted database) or does
 * not answer within 10 s (an upgrade blocked by another tab). One warning says so.
 */
export const createOutbox = (name: string, lim: OutboxLimits, memoryOnly?: boolean): Outbox => {
  const mem = memoryOutbox(lim);
  let idb: Outbox | undefined = memoryOnly ? undefined : idbOutbox(name, lim);
  const fallback = (e: unknown) => {
    if (idb)
      warn('IndexedDB is unavailable (' + ((e as Error)?.name || e) + '): events wait in memory and are lost if the page closes unsent.');
    idb = undefined;
  };
  const via =
    (op: Op) =>
    async (...args: unknown[]): Promise<never> => {
      if (idb) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        try {
          return await Promise.race([
            (idb[op] as (...a: unknown[]) => Promise<never>)(...args),
            new Promise<never>((_, no) => (timer = setTimeout(no, 1e4, 'timeout'))),
          ]);
        } catch (e) {
          fallback(e);
        } finally {
          clearTimeout(timer);
        }
      }
      return (mem[op] as (...a: unknown[]) => Promise<never>)(...args);
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
