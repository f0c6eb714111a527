import type { Rule } from './types.js';
import { DEFAULT_STAGES } from './stages.js';
import { validateRules } from './validateRules.js';

/** A usable rule set: valid rules and the stage list they use. */
export interface RuleSet {
  rules: Rule[];
  stages: string[];
}

// JSON text parsed (or the error it raised); anything else as it is.
const json = (x: unknown): any => {
  try {
    return typeof x == 'string' ? JSON.parse(x) : x;
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
  const x = json(input);
  if (x instanceof Error) return 'not valid JSON (' + x.message + ')';
  const list: unknown[] | undefined = [x, x?.rules].find(Array.isArray);
  if (!list) return 'not a list of rules or {"rules":[...],"stages":[...]}';
  const st = json((list != x && x.stages) || stages || DEFAULT_STAGES);
  // a list of distinct names
  return Array.isArray(st) && st[0] && st.every((s, i) => typeof s == 'string' && s && st.indexOf(s) == i)
    ? { rules: validateRules(list, st), stages: st }
    : 'wrong: stages must be a list of distinct names';
};
