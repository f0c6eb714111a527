import type { Properties } from '../types.js';
import type { Explanation, JourneyState, Rule } from './types.js';
import { DEFAULT_STAGES } from './stages.js';
import { facts, matches } from './match.js';
import { FIELDS, KINDS } from './validateRules.js';
import { guarded } from '../lib/guarded.js';
import { DEV, warn } from '../lib/warn.js';

/** The parts of a message the rules look at. */
export interface JourneyEvent {
  type?: string;
  event?: string;
  properties?: Properties;
  /** ISO 8601; "days since last order" is counted to it (default: now). */
  timestamp?: string;
  context?: { page?: { url?: string; path?: string; referrer?: string } };
}

/**
 * Which rule places `event` on the journey, and why. Pure: it reads only its arguments.
 * Rules are tried in order and the first whose every condition holds wins; when none
 * matches, the event keeps the visitor's current stage. Rules should have passed
 * {@link validateRules}. Never throws: on arguments it cannot read it warns and explains
 * that no rule matched.
 *
 * @example
 * explain({ type: 'track', event: 'Product Added' }, state, DEFAULT_RULES)
 * // { stage: 'decision', index: 4, rule: { id: 'cart', ... }, why: ['event "Product Added" ~ [...]'] }
 */
export const explain = /* @__PURE__ */ guarded(
  'explain()',
  (event: JourneyEvent, state: JourneyState, rules: Rule[], stages: string[] = DEFAULT_STAGES): Explanation => {
    const seen = facts(event, state);
    const index = rules.findIndex((rule) => matches(rule, seen, stages));
    const rule = rules[index];
    if (!rule) return { stage: state.stage, index, why: ['no rule matched: the current stage is kept'] };
    // Why: each condition of the matching rule (all held) with the value it saw; for
    // properties and campaign, only the keys the rule names.
    const why: string[] = [];
    for (const field of Object.keys(rule)) {
      const i = FIELDS.indexOf(field);
      if (i < 2) continue;
      const spec = (rule as any)[field];
      const value = seen[i];
      let shown: any = value;
      if (KINDS[i] == 'P' || KINDS[i] == 'C') {
        shown = {};
        for (const k of Object.keys(spec)) shown[k] = value[k];
      }
      why.push(field + ' ' + JSON.stringify(shown) + ' ~ ' + JSON.stringify(spec));
    }
    return { stage: rule.stage, index, rule, why };
  },
  (why): Explanation => (DEV && warn(why + '; pass an event, a journey state and rules from validateRules().'), { stage: '', index: -1, why: [why] }),
);
