import type { Rule } from './types.js';
import { report } from './report.js';

type Obj = Record<string, unknown>;

const isObj = (x: unknown): x is Obj => !!x && typeof x == 'object' && !Array.isArray(x);
const str = (x: unknown) => typeof x == 'string';

// The kind of each key, by letter: p a pattern, s a string, S a stage name, F the furthest
// stage, t a value or tests, b a boolean, n a number, l a list, v a plain value; R, P and C
// are objects (a rule, properties, a campaign) whose keys are checked in turn.
const FIELDS: Obj = {
  id: 's',
  stage: 'S',
  type: 'p',
  event: 'p',
  properties: 'P',
  url: 'p',
  path: 'p',
  referrer: 'p',
  campaign: 'C',
  channel: 'p',
  purchased: 'b',
  orders: 't',
  visits: 't',
  daysSinceOrder: 't',
  furthest: 'F',
};
const TESTS: Obj = { equals: 'v', in: 'l', exists: 'b', gt: 'n', gte: 'n', lt: 'n', lte: 'n' };
const CAMPAIGN: Obj = { source: 'p', medium: 'p', name: 'p', term: 'p', content: 'p' };
const COMPARE: Obj = { gt: 'S', gte: 'S', lt: 'S', lte: 'S' };

// The first problem with `x` at `at`, as a message, or ''.
const check = (at: string, x: unknown, kind: string, stages: string[]): string => {
  const is = (ok: unknown, must: string) => (ok ? '' : at + ' must be ' + must + ' (got ' + JSON.stringify(x) + ')');
  const names = [x].flat();
  const plain = x === null || /^[sbn]/.test(typeof x);
  const list = (o: Obj | string[]) => (Array.isArray(o) ? o : Object.keys(o)).join(', ');
  // the keys an object of this kind may have, with their kinds (properties: any key, a test)
  const keys = kind == 'R' ? FIELDS : kind == 'C' ? CAMPAIGN : kind == 'P' ? 1 : kind == 't' && !plain ? TESTS : kind == 'F' && isObj(x) && COMPARE;
  if (keys) {
    if (!isObj(x)) return is(0, 'an object');
    for (const k in x) {
      const p = (at && at + '.') + k;
      // a string: `toString` and `__proto__` are no fields, whatever the prototype says
      const e = keys == 1 ? check(p, x[k], 't', stages) : typeof keys[k] == 'string' ? check(p, x[k], keys[k] as string, stages) : p + ' is not one of ' + list(keys);
      if (e) return e;
    }
    return '';
  }
  return kind == 'S'
    ? is(stages.includes(x as string), 'one of ' + list(stages))
    : kind == 'F'
      ? is(names.length && names.every((n) => stages.includes(n as string)), 'one or more of ' + list(stages))
      : kind == 'p'
        ? is(names.length && names.every(str), 'one or more strings')
        : kind == 's'
          ? is(str(x), 'a string')
          : kind == 'b'
            ? is(typeof x == 'boolean', 'true or false')
            : kind == 'n'
              ? is(typeof x == 'number' && isFinite(x), 'a number')
              : kind == 'l'
                ? is(Array.isArray(x), 'a list')
                : is(plain, 'a plain value');
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
    if (why) report('journey rule ' + i + ': ' + (why[0] == ' ' ? 'it' + why : why) + '; the rule is skipped.');
    return !why;
  }) as Rule[];
