import type { Rule } from './types.js';
import { DEFAULT_STAGES } from './stages.js';
import { validateRules } from './validateRules.js';

/** A usable rule set: valid rules and the stage list they use. */
export interface RuleSet {
  rules: Rule[];
  stages: string[];
}

const json = (x: unknown): unknown => {
  if (typeof x != 'string') return x;
  try {
    return JSON.parse(x);
  } catch (e) {
    return e;
  }
};

/**
 * Reads a rule set: a list of rules, or `{ rules, stages }`, or the JSON text of either, with
 * `stages` (a list, or its JSON) used when the set names none. Returns what is wrong with
 * it as a string when it is unusable; otherwise the set, with invalid rules left out
 * (each reported by {@link validateRules}).
 */
export const readRuleSet = (input: unknown, stages?: unknown): RuleSet | string => {
  const x = json(input) as { rules?: unknown; stages?: unknown } | unknown[];
  if (x instanceof Error) return 'not valid JSON (' + x.message + ')';
  const list = Array.isArray(x) ? x : x && Array.isArray(x.rules) ? x.rules : 0;
  if (!list) return 'not a list of rules or {"rules":[...],"stages":[...]}';
  const st = json((!Array.isArray(x) && x.stages) || stages || DEFAULT_STAGES);
  if (!Array.isArray(st) || !st.length || !st.every((s) => typeof s == 'string' && s) || new Set(st).size < st.length)
    return 'wrong: stages must be a list of distinct names';
  return { rules: validateRules(list, st), stages: st };
};
