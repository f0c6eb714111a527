import { uuid } from '../lib/uuid.js';

/** The visitor as stored between pages. */
export interface Visitor {
  /** anonymous id */
  a: string;
  /** user id */
  u: string | null;
  /** session id */
  s: string;
  /** last activity, ms */
  l: number;
  /** campaign the session started with */
  c: string;
  /** sessions so far (visit count) */
  n: number;
}

/**
 * Keeps the anonymous id, user id and session in localStorage (synchronously readable, so the
 * first event of a page already has them). A session rolls after `timeout` ms without activity
 * or when the visitor arrives through a new campaign. Storage that throws (private mode,
 * disabled cookies), or no consent yet, leaves the visitor in memory for this page.
 */
export const identity = (storageKey: string, timeout: number, may: () => boolean) => {
  let v: Visitor | undefined;
  let saved = 0;
  const load = (): Visitor => {
    if (v) return v;
    try {
      // JSON.parse(null) is null: nothing stored yet
      const raw = JSON.parse(localStorage.getItem(storageKey) as string);
      if (raw && typeof raw.a == 'string' && typeof raw.s == 'string') return (v = raw as Visitor);
    } catch {
      // unreadable or unavailable storage: start afresh
    }
    return (v = { a: uuid(), u: null, s: uuid(), l: Date.now(), c: '', n: 1 });
  };
  // Nothing that identifies the visitor is stored before consent.
  const save = () => {
    try {
      if (may()) localStorage.setItem(storageKey, JSON.stringify(load()));
    } catch {
      // see load
    }
  };
  return {
    /** Marks activity now and returns the visitor, with the session rolled when it should. */
    touch(now: number, campaignKey: string): Visitor {
      const x = load();
      if (now - x.l > timeout || (campaignKey && campaignKey !== x.c)) {
        x.s = uuid();
        x.n++;
        if (campaignKey) x.c = campaignKey;
        saved = 0;
      }
      x.l = now;
      // Saving on every event would cost a synchronous write each; every few seconds is
      // enough for a 30-minute idle rule, and save() runs again when the page is hidden.
      if (now - saved > 5000) (saved = now), save();
      return x;
    },
    setUser(id: string | null) {
      load().u = id;
      save();
    },
    reset() {
      v = { a: uuid(), u: null, s: uuid(), l: Date.now(), c: '', n: 1 };
      save();
    },
    /** Forgets the visitor: removes the stored ids (consent denied). */
    forget() {
      v = undefined;
      try {
        localStorage.removeItem(storageKey);
      } catch {
        // see load
      }
    },
    save,
    get: load,
  };
};
