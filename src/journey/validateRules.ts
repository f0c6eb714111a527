import type { Rule } from './types.js';
import { report } from './report.js';

type Obj = Record<string, unknown>;
type Kinds = (key: string) => string | undefined;

const isObj = (x: unknown): x is Obj => !!x && typeof x == 'object' && !Array.isArray(x);
const prim = (x: unknown) => x === null || /^[sbn]/.test(typeof x);
const str = (x: unknown): x is string => typeof x == 'string';

// What a value of each kind must be, as the error message says it.
const MUST: Obj = {
  p: 'a string or a non-empty list of strings',
  s: 'a string',
  b: 'true or false',
  n: 'a number',
  l: 'a list',
  v: 'a plain value',
  t: 'a value or tests such as {"gte":2}',
  o: 'an object',
};
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
const list = (o: Obj) => Object.keys(o).join(', ');

// The first problem with `x` at `path`, as a message, or ''.
const check = (path: string, x: unknown, kind: string, stages: string[]): string => {
  const is = (ok: unknown, must = MUST[kind] as string) => (ok ? '' : path + ' must be ' + must + ' (got ' + JSON.stringify(x) + ')');
  const each = (kinds: Kinds, unknown: string) => {
    if (!isObj(x)) return is(0, MUST.o as string);
    for (const k in x) {
      const at = (path ? path + '.' : '') + k;
      const e = kinds(k) ? check(at, x[k], kinds(k)!, stages) : at + ' is not ' + unknown;
      if (e) return e;
    }
    return '';
  };
  const names = [x].flat();
  switch (kind) {
    case 'R':
      return each((k) => FIELDS[k] as string, 'a rule field: use ' + list(FIELDS));
    case 'P':
      return each(() => 't', '');
    case 'C':
      return each((k) => (/^(source|medium|name|term|content)$/.test(k) ? 'p' : undefined), 'a campaign field: use source, medium, name, term, content');
    case 't':
      return prim(x) ? '' : each((k) => TESTS[k] as string, 'a test: use ' + list(TESTS));
    case 'F':
      return isObj(x)
        ? each((k) => (/^[gl]te?$/.test(k) ? 'S' : undefined), 'a comparison: use gt, gte, lt, lte')
        : is(names.length && names.every((n) => stages.includes(n as string)), 'stage names of ' + stages.join(', '));
    case 'S':
      return is(stages.includes(x as string), 'one of ' + stages.join(', '));
    case 'p':
      return is(str(x) || (names.length && names.every(str)));
  }
  return is(kind == 's' ? str(x) : kind == 'b' ? typeof x == 'boolean' : kind == 'n' ? typeof x == 'number' && isFinite(x) : kind == 'l' ? Array.isArray(x) : prim(x));
};

/**
 * Checks rules against the stage list. A rule that is not valid is left out, with one
 * console error naming its index, the field and what is wrong; the other rules are kept.
 *
 * @example
 * validateRules([{ stage: 'nope' }, { stage: 'decision', event: 'Cart Viewed' }], DEFAULT_STAGES)
 * // console.error: [waymark] journey rule 0: stage must be one of awareness, ... (got "nope"); the rule is skipped.
 * // returns the second rule only
 */
export const validateRules = (rules: unknown[], stages: string[]): Rule[] =>
  rules.filter((rule, i) => {
    const why = isObj(rule) && !('stage' in rule) ? 'stage is missing' : check('', rule, 'R', stages);
    if (why) report('journey rule ' + i + ': ' + (why[0] == ' ' ? 'it' + why : why) + '; the rule is skipped.');
    return !why;
  }) as Rule[];
