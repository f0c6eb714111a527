import type { Rule } from './types.js';
import { DEFAULT_STAGES } from './stages.js';
import { validateRules } from './validateRules.js';
import { MAX_RULES, MAX_STAGES, MAX_TEXT } from '../lib/limits.js';
import { errorText } from '../lib/guarded.js';

/** A usable rule set: valid rules and the stage list they use. */
export interface RuleSet {
  rules: Rule[];
  stages: string[];
}

// JSON text parsed (or the error it raised); anything else as it is. A text over MAX_TEXT
// characters is not parsed: parsing it would cost the page more than a task should. It is
// null, which says nothing: readRuleSet names the limit for its input before, and a stage
// list that long is no list of distinct names.
const json = (x: unknown): any => {
  try {
    return typeof x != 'string' ? x : x.length > MAX_TEXT ? null : JSON.parse(x);
  } catch (e) {
    return e;
  }
};

/**
 * Reads a rule set: a list of rules, or `{ rules, stages }`, or the JSON text of either, with
 * `stages` (a list, or its JSON) used when the set names none. Returns what is wrong with
 * it as a string when it is unusable; otherwise the set, with invalid rules left out
 * (each reported by {@link validateRules}). At most 500 rules, 50 stages and, as text,
 * 250,000 characters.
 */
export const readRuleSet = (input: unknown, stages?: unknown): RuleSet | string => {
  try {
    if (typeof input == 'string' && input.length > MAX_TEXT) return 'over the limit of ' + MAX_TEXT + ' characters';
    const x = json(input);
    if (x instanceof Error) return 'not valid JSON (' + x.message + ')';
    const list: unknown[] | undefined = [x, x?.rules].find(Array.isArray);
    if (!list) return 'not a list of rules or {"rules":[...],"stages":[...]}';
    if (list.length > MAX_RULES) return 'a list of ' + list.length + ' rules, over the limit of ' + MAX_RULES;
    let st = json((list != x && x.stages) || stages || DEFAULT_STAGES);
    if (st?.length > MAX_STAGES) return 'wrong: stages has ' + st.length + ' entries, over the limit of ' + MAX_STAGES;
    // a list of distinct names, read once
    st = Array.isArray(st) && [...st];
    return st && st[0] && st.every((s: unknown, i: number) => typeof s == 'string' && s && st.indexOf(s) == i)
      ? { rules: validateRules(list, st), stages: st }
      : 'wrong: stages must be a list of distinct names';
  } catch (e) {
    return 'not readable (' + errorText(e) + ')';
  }
};
