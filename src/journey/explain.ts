import type { Properties } from '../types.js';
import type { Explanation, JourneyState, Pattern, Rule, ValueTest } from './types.js';
import { DEFAULT_STAGES } from './stages.js';
import { glob } from './glob.js';
import { valueTest } from './valueTest.js';

/** The parts of a message the rules look at. */
export interface JourneyEvent {
  type?: string;
  event?: string;
  properties?: Properties;
  /** ISO 8601; "days since last order" is counted to it (default: now). */
  timestamp?: string;
  context?: { page?: { url?: string; path?: string; referrer?: string } };
}

type Obj = Record<string, unknown>;

/** What each rule condition reads: the event's and the visitor's facts, by condition name. */
const facts = (m: JourneyEvent, s: JourneyState, now: number): Obj => {
  const p = m.context?.page || {};
  const last = s.last || { channel: undefined };
  return {
    type: m.type,
    event: m.event,
    properties: m.properties || {},
    url: p.url,
    path: p.path,
    referrer: p.referrer,
    campaign: last,
    channel: last.channel,
    purchased: !!s.customer,
    orders: s.orders,
    visits: s.visits,
    daysSinceOrder: s.lastOrder == null ? undefined : Math.floor((now - s.lastOrder) / 864e5),
    furthest: s.furthest,
  };
};

// Nested conditions show only the keys they test.
const pick = (o: Obj, spec: Obj): Obj => {
  const r: Obj = {};
  for (const k in spec) r[k] = o[k];
  return r;
};

const holds = (field: string, spec: unknown, value: unknown, stages: string[]): boolean => {
  if (field == 'properties') return Object.keys(spec as Obj).every((k) => valueTest((value as Obj)[k], (spec as Obj)[k] as ValueTest));
  if (field == 'campaign') return Object.keys(spec as Obj).every((k) => glob((spec as Obj)[k] as Pattern, (value as Obj)[k]));
  if (field == 'furthest' && typeof spec == 'object' && !Array.isArray(spec)) {
    const t: Obj = {};
    for (const k in spec) t[k] = stages.indexOf((spec as Obj)[k] as string);
    return valueTest(stages.indexOf(value as string), t as ValueTest);
  }
  return typeof spec == 'string' || Array.isArray(spec) ? glob(spec, value) : valueTest(value, spec as ValueTest);
};

/**
 * Which rule places `event` on the journey, and why. Pure: it reads only its arguments.
 * Rules are tried in order and the first whose every condition holds wins; when none
 * matches, the event keeps the visitor's current stage. Rules should have passed
 * {@link validateRules}.
 *
 * @example
 * explain({ type: 'track', event: 'Product Added' }, state, DEFAULT_RULES)
 * // { stage: 'decision', index: 4, rule: { id: 'cart', ... }, why: ['event "Product Added" ~ [...]'] }
 */
export const explain = (event: JourneyEvent, state: JourneyState, rules: Rule[], stages: string[] = DEFAULT_STAGES): Explanation => {
  const f = facts(event, state, (event.timestamp && Date.parse(event.timestamp)) || Date.now());
  for (let index = 0; index < rules.length; index++) {
    const rule = rules[index]!;
    const why: string[] = [];
    let ok = true;
    for (const field in rule) {
      if (!(field in f)) continue;
      const spec = (rule as unknown as Obj)[field];
      const value = f[field];
      if (!(ok = holds(field, spec, value, stages))) break;
      why.push(field + ' ' + JSON.stringify(field == 'properties' || field == 'campaign' ? pick(value as Obj, spec as Obj) : value) + ' ~ ' + JSON.stringify(spec));
    }
    if (ok) return { stage: rule.stage, index, rule, why };
  }
  return { stage: state.stage, index: -1, why: ['no rule matched: the current stage is kept'] };
};
