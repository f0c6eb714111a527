import type { Properties } from '../types.js';
import type { Explanation, JourneyState, Rule, Touch } from './types.js';
import { DEFAULT_STAGES } from './stages.js';
import { glob } from './glob.js';
import { every, op, valueTest } from './valueTest.js';
import { FIELDS, KINDS, isObj } from './validateRules.js';
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
    const p = event.context?.page || {};
    const last: Partial<Touch> = state.last || {};
    const now = Date.parse(event.timestamp!) || Date.now();
    // What each condition reads (the event's and the visitor's facts), in the order of FIELDS.
    const facts: any[] = [
      ,
      ,
      event.type,
      event.event,
      event.properties || {},
      p.url,
      p.path,
      p.referrer,
      last,
      last.channel,
      !!state.customer,
      state.orders,
      state.visits,
      state.lastOrder == null ? undefined : Math.floor((now - state.lastOrder) / 864e5),
      state.furthest,
    ];
    let why: string[] = [];
    const index = rules.findIndex(
      (rule) => (
        (why = []),
        every(rule, (spec, field) => {
          const i = FIELDS.indexOf(field);
          if (i < 2) return true;
          const kind = KINDS[i];
          const value = facts[i];
          let shown: any = {};
          // properties and campaign: each key named (and only those shown); furthest: by stage order, or by name
          const ok =
            kind == 'P' || kind == 'C'
              ? every(spec, (s, k) => ((shown[k] = value[k]), kind == 'P' ? valueTest(value[k], s) : glob(s, value[k])))
              : ((shown = value),
                kind == 'F' && isObj(spec)
                  ? every(spec, (s, k) => op(stages.indexOf(value), k, stages.indexOf(s)))
                  : typeof spec == 'string' || Array.isArray(spec)
                    ? glob(spec, value)
                    : valueTest(value, spec));
          if (ok) why.push(field + ' ' + JSON.stringify(shown) + ' ~ ' + JSON.stringify(spec));
          return ok;
        })
      ),
    );
    const rule = rules[index];
    return rule ? { stage: rule.stage, index, rule, why } : { stage: state.stage, index, why: ['no rule matched: the current stage is kept'] };
  },
  (why): Explanation => (DEV && warn(why + '; pass an event, a journey state and rules from validateRules().'), { stage: '', index: -1, why: [why] }),
);
