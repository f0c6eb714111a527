import type { RuleSet } from './readRuleSet.js';
import { readRuleSet } from './readRuleSet.js';
import { report } from './report.js';
import { warn } from '../lib/warn.js';

/**
 * Loads a rule set from `url` without ever blocking tracking: hands `apply` the copy cached
 * in localStorage under `key` at once, then fetches the file once and hands over the fresh
 * copy (and caches it) when it differs. A broken file prints one console error naming what
 * stays in use (the cached copy, or `fallback`). Returns the function that cancels the fetch.
 */
export const loadRules = (url: string, key: string, stages: unknown, fallback: string, apply: (set: RuleSet) => void): (() => void) => {
  let cached: string | null = null;
  try {
    cached = localStorage.getItem(key);
  } catch {
    // storage unavailable: wait for the network
  }
  const cachedSet = cached && readRuleSet(cached, stages);
  if (cachedSet instanceof Object) apply(cachedSet);
  const ctl = new AbortController();
  const { signal } = ctl;
  const at = 'journey rules at ' + url;
  const keep = '; ' + (cached ? 'the cached copy' : fallback) + ' stays in use.';
  (async () => {
    try {
      const res = await fetch(url, { signal });
      if (!res.ok) return report(at + ' answered HTTP ' + res.status + keep);
      const text = await res.text();
      if (signal.aborted || text === cached) return;
      const set = readRuleSet(text, stages);
      if (typeof set == 'string') return report(at + ' are ' + set + keep);
      apply(set);
      try {
        localStorage.setItem(key, text);
      } catch {
        // not cached: fetched again on the next page
      }
    } catch (e) {
      if (!signal.aborted) warn(at + ' could not be fetched (' + e + ')' + keep);
    }
  })();
  return () => ctl.abort();
};
