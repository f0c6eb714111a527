import type { JourneyState, Rule, Touch } from './types.js';
import type { JourneyEvent } from './explain.js';
import { glob } from './glob.js';
import { every, op, valueTest } from './valueTest.js';
import { FIELDS, KINDS } from './validateRules.js';
import { isObject } from '../lib/isObject.js';

/**
 * What each condition of a rule reads (the event's and the visitor's facts), in the order of
 * FIELDS: id and stage read nothing. Read once per event, whatever the number of rules.
 */
export const facts = (event: JourneyEvent, state: JourneyState): any[] => {
  const p = event.context?.page || {};
  const last: Partial<Touch> = state.last || {};
  const now = Date.parse(event.timestamp!) || Date.now();
  return [
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
};

/**
 * True when `rule` holds every condition it names, given the event's {@link facts}: the
 * stage decision itself, shared by the plugin and {@link explain} (which then words why).
 * Fields that are no condition (id, stage, and any unknown one) hold.
 */
export const matches = (rule: Rule, seen: any[], stages: string[]): boolean =>
  every(rule, (spec, field) => {
    const i = FIELDS.indexOf(field);
    const kind = KINDS[i];
    const value = seen[i];
    // properties and campaign: each key named; furthest: by stage order, or by name
    return i < 2
      ? true
      : kind == 'P' || kind == 'C'
        ? every(spec, (s, k) => (kind == 'P' ? valueTest(value[k], s) : glob(s, value[k])))
        : kind == 'F' && isObject(spec)
          ? every(spec, (s, k) => op(stages.indexOf(value), k, stages.indexOf(s)))
          : typeof spec == 'string' || Array.isArray(spec)
            ? glob(spec, value)
            : valueTest(value, spec);
  });
