import { on } from '../lib/on.js';

/**
 * Runs `fn` once the document is parsed: at DOMContentLoaded, or in the next task when the
 * SDK started later (so the page's own setup code has run). Returns the function that
 * cancels it.
 */
export const whenReady = (fn: () => void): (() => void) => {
  if (document.readyState == 'loading') return on(document, 'DOMContentLoaded', fn);
  const t = setTimeout(fn);
  return () => clearTimeout(t);
};
