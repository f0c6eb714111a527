import { on } from '../lib/on.js';
import { EARLY } from '../lib/early.js';

/** At most this many are kept (a page clicked that much before load is a bot or a test). */
const MOST = 100;

/**
 * Starts keeping the document's clicks and submits (capture phase, as domTriggers sees them)
 * for captures that load later: each replays those it missed when it starts (domTriggers.ts).
 * Returns the function that stops keeping them and forgets them.
 */
export const keepEarlyTriggers = (): (() => void) => {
  const kept: [type: string, target: Element | null][] = [];
  const w = window as unknown as Record<symbol, unknown>;
  w[EARLY] = kept;
  const keep = (e: Event) => kept.length < MOST && kept.push([e.type, e.target instanceof Element ? e.target : null]);
  const offs = [on(document, 'click', keep, true), on(document, 'submit', keep, true)];
  return () => {
    offs.forEach((off) => off());
    if (w[EARLY] === kept) delete w[EARLY];
  };
};
