import type { Rule } from './types.js';
import { report } from './report.js';

type Obj = Record<string, any>;

export const isObj = (x: unknown): x is Obj => !!x && typeof x == 'object' && !Array.isArray(x);

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
  const keys = (kind == 't' ? !plain : kind != 'F' || isObj(x)) && OBJECTS[kind];
  const [ok, must] = keys
    ? [isObj(x), 'an object']
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

/**
 * Checks rules against the stage list. A rule that is not valid is left out, with one
 * console error naming its index, the field and what is wrong; the other rules are kept.
 *
 * @example
 * validateRules([{ stage: 'nope' }, { stage: 'decision', event: 'Cart Viewed' }], DEFAULT_STAGES)
 * // console.error: [waymark] journey rule 0: stage must be one of awareness,... (got "nope"); the rule is skipped.
 * // returns the second rule only
 */
export const validateRules = (rules: unknown[], stages: string[]): Rule[] =>
  rules.filter((rule, i) => {
    const why = isObj(rule) && !('stage' in rule) ? 'stage is missing' : check('', rule, 'R', stages);
    if (why) report('journey rule ' + i + ': ' + why + '; the rule is skipped.');
    return !why;
  }) as Rule[];
