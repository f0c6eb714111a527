import type { Rule } from './types.js';
import { report } from './report.js';
import { OPS } from './valueTest.js';
import { READ } from './explain.js';

type Obj = Record<string, unknown>;

const isObj = (x: unknown): x is Obj => !!x && typeof x == 'object' && !Array.isArray(x);
const prim = (x: unknown) => x === null || /^[sbn]/.test(typeof x);
const str = (x: unknown) => typeof x == 'string';
const PATTERN = 'must be a string or a non-empty list of strings';

// "price" + ".gt must be a number" reads "price.gt must be a number".
const join = (k: string, bad: string) => k + (bad[0] == '.' ? '' : ' ') + bad;

const pattern = (x: unknown) => (str(x) || (Array.isArray(x) && x.length > 0 && x.every(str)) ? '' : PATTERN);

// What is wrong with a value test, or ''.
const test = (x: unknown): string => {
  if (prim(x)) return '';
  if (!isObj(x)) return 'must be a value or an object of tests (equals, in, exists, gt, gte, lt, lte)';
  for (const k in x) {
    const v = x[k];
    if (!OPS[k]) return 'has an unknown test "' + k + '"; use equals, in, exists, gt, gte, lt or lte';
    if (k == 'in' ? !Array.isArray(v) : k == 'exists' ? typeof v != 'boolean' : k == 'equals' ? !prim(v) : typeof v != 'number' || !isFinite(v))
      return '.' + k + (k == 'in' ? ' must be a list' : k == 'exists' ? ' must be true or false' : k == 'equals' ? ' must be a plain value' : ' must be a number');
  }
  return '';
};

const numeric = (x: unknown) => (typeof x == 'number' || isObj(x) ? test(x) : 'must be a number or an object such as { "gte": 2 }');

const CHECK: Record<string, (x: unknown, stages: string[]) => string> = {
  id: (x) => (str(x) ? '' : 'must be a string'),
  stage: (x, stages) => (stages.includes(x as string) ? '' : 'must be one of ' + stages.join(', ')),
  properties: (x) => {
    if (!isObj(x)) return 'must be an object of property tests';
    for (const k in x) if (test(x[k])) return join('.' + k, test(x[k]));
    return '';
  },
  campaign: (x) => {
    if (!isObj(x)) return 'must be an object with source, medium, name, term or content';
    for (const k in x) if (!/^(source|medium|name|term|content)$/.test(k) || pattern(x[k])) return '.' + k + ' is not a campaign field or ' + PATTERN;
    return '';
  },
  purchased: (x) => (typeof x == 'boolean' ? '' : 'must be true or false'),
  orders: numeric,
  visits: numeric,
  daysSinceOrder: numeric,
  furthest: (x, stages) => {
    const names = isObj(x) ? Object.keys(x).every((k) => /^[gl]te?$/.test(k)) && Object.values(x) : !pattern(x) && [x].flat();
    return names && names.every((n) => stages.includes(n as string) || (str(n) && n.includes('*')))
      ? ''
      : 'must name stages of ' + stages.join(', ') + ', as a string, a list, or { "gte": "decision" }';
  },
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
    let why = isObj(rule) ? ('stage' in rule ? '' : 'stage is missing: name one of ' + stages.join(', ')) : 'must be an object such as { "stage": "decision", "event": "Cart Viewed" }';
    if (!why)
      for (const k in rule as Obj) {
        const check = CHECK[k] || (READ[k] ? pattern : undefined);
        const bad = check ? check((rule as Obj)[k], stages) : 'is not a rule field; use id, stage, ' + Object.keys(READ).join(', ');
        if (bad) {
          why = join(k, bad) + ' (got ' + JSON.stringify((rule as Obj)[k]) + ')';
          break;
        }
      }
    if (why) report('journey rule ' + i + ': ' + why + '; the rule is skipped.');
    return !why;
  }) as Rule[];
