import type { Rule } from './types.js';
import { report } from './report.js';
import { MAX_LIST, MAX_PATTERN, MAX_RULES, MAX_STAGES } from '../lib/limits.js';
import { errorText } from '../lib/guarded.js';
// the core's plain-object test, in every bundle already: on the JSON copies checked here it
// means an object that is neither null nor a list
import { isObject } from '../lib/isObject.js';

type Obj = Record<string, any>;

/** The fields of a rule, in order; explain reads the conditions (all but id and stage) by it. */
export const FIELDS = 'id stage type event properties url path referrer campaign channel purchased orders visits daysSinceOrder furthest'.split(' ');
/** The fields of a campaign (utm_campaign is `name`), as in a {@link Touch}. */
export const CAMPAIGN = 'source medium name term content'.split(' ');
const TESTS = 'equals in exists gt gte lt lte'.split(' ');

// The kind of each field, by letter: p a pattern, s a string, S a stage name, F the furthest
// stage, t a value or tests, b a boolean, n a number, l a list, v a plain value; R, P and C
// are objects (a rule, properties, a campaign) whose keys are checked in turn. Each object
// kind has its key names and their kinds, letter by letter (properties: any key, a test).
export const KINDS = 'sSppPpppCpbtttF';
const OBJECTS: Obj = { R: [FIELDS, KINDS], C: [CAMPAIGN, 'ppppp'], t: [TESTS, 'vlbnnnn'], F: [TESTS.slice(3), 'SSSS'], P: [] };

// The first problem with `x` at `at`, as a message, or ''.
const check = (at: string, x: any, kind: string, stages: string[]): string => {
  const names: unknown[] = [x].flat();
  const list = stages.join(', ');
  const plain = x === null || /^[sbn]/.test(typeof x);
  // an object of this kind: its known keys and their kinds
  const keys = (kind == 't' ? !plain : kind != 'F' || isObject(x)) && OBJECTS[kind];
  const [ok, must] = keys
    ? [isObject(x), 'an object']
    : (
        {
          S: [stages.includes(x), 'one of ' + list],
          F: [names.length && names.every((n) => stages.includes(n as string)), 'one or more of ' + list],
          p: [names.length && names.every((n) => typeof n == 'string'), 'one or more strings'],
          s: [typeof x == 'string', 'a string'],
          b: [typeof x == 'boolean', 'true or false'],
          n: [Number.isFinite(x), 'a number'],
          l: [Array.isArray(x), 'a list'],
        } as Obj
      )[kind] || [plain, 'a plain value'];
  if (!ok) return (at || 'it') + ' must be ' + must + ' (got ' + JSON.stringify(x) + ')';
  if (keys)
    for (const k in x) {
      const p = (at && at + '.') + k;
      // indexOf: `toString` and `__proto__` are no fields, whatever the prototype says
      const sub = keys[0] ? keys[1][keys[0].indexOf(k)] : 't';
      const e = sub ? check(p, x[k], sub, stages) : p + ' is not one of ' + keys[0].join(', ');
      if (e) return e;
    }
  return '';
};

// A rule as plain JSON, read once (so a getter cannot change it after the check): a value
// JSON cannot hold (a BigInt, a function, undefined, NaN), a cycle, a getter that throws, a
// list over MAX_LIST entries or a string over MAX_PATTERN characters throws, naming the key.
const copy = (rule: unknown): any =>
  JSON.parse(
    JSON.stringify(rule, (k, v) => {
      const t = typeof v;
      const at = k ? k + ' ' : 'it ';
      if (Array.isArray(v) && v.length > MAX_LIST) throw at + 'has ' + v.length + ' entries, over the limit of ' + MAX_LIST;
      if (t == 'string' && v.length > MAX_PATTERN) throw at + 'is over the limit of ' + MAX_PATTERN + ' characters';
      if (t == 'bigint' || t == 'function' || t == 'symbol' || t == 'undefined' || (t == 'number' && !isFinite(v)))
        throw at + 'must be a JSON value (got ' + (t == 'number' ? v : t) + ')';
      return v;
    }),
  );

/**
 * Checks rules against the stage list. A rule that is not valid is left out, with one
 * console error naming its index, the field and what is wrong (the first 10 such errors,
 * then one saying how many more); the other rules are kept, as copies. At most 500 rules
 * and 50 stages: a longer list is refused whole, unread.
 *
 * @example
 * validateRules([{ stage: 'nope' }, { stage: 'decision', event: 'Cart Viewed' }], DEFAULT_STAGES)
 * // console.error: [waymark] journey rule 0: stage must be one of awareness,... (got "nope"); the rule is skipped.
 * // returns the second rule only
 */
export const validateRules = (rules: unknown[], stages: string[]): Rule[] => {
  const kept: Rule[] = [];
  // a list of at most `max` entries, or why not
  const size = (x: unknown, max: number, what: string) => {
    const n = Array.isArray(x) ? x.length : -1;
    return n < 0 ? what + ' must be a list' : n > max ? what + ' has ' + n + ' entries, over the limit of ' + max : '';
  };
  let st: string[];
  let bad = 0;
  let list: unknown[];
  try {
    const why = size(rules, MAX_RULES, 'journey rules') || size(stages, MAX_STAGES, 'journey rules: stages');
    if (why) return (report(why + '; none is used.'), kept);
    // each read once: a Proxy's list cannot change under the check
    list = [...rules];
    st = stages.map(String);
  } catch (e) {
    return (report('journey rules cannot be read (' + errorText(e) + '); none is used.'), kept);
  }
  for (let i = 0; i < list.length; i++) {
    let why: string;
    let rule: any;
    try {
      rule = copy(list[i]);
      why = isObject(rule) && !('stage' in rule) ? 'stage is missing' : check('', rule, 'R', st);
    } catch (e) {
      why = typeof e == 'string' ? e : 'it cannot be read (' + errorText(e) + ')';
    }
    if (!why) kept.push(rule);
    else if (++bad <= 10) report('journey rule ' + i + ': ' + why + '; the rule is skipped.');
  }
  if (bad > 10) report('journey rules: ' + (bad - 10) + ' more invalid rules were skipped.');
  return kept;
};
