import type { Message, Plugin, PluginAPI } from '../types.js';
import type { JourneyOptions, JourneyState } from './types.js';
import type { RuleSet } from './readRuleSet.js';
import { DEFAULT_RULES } from './defaultRules.js';
import { DEFAULT_STAGES } from './stages.js';
import { facts, matches } from './match.js';
import { DEV, warn } from '../lib/warn.js';
import { readRuleSet } from './readRuleSet.js';
import { touchpoint } from './touchpoint.js';
import { report } from './report.js';
import { readOptions } from '../lib/readOptions.js';
import { MAX_LIST, bounded } from '../lib/limits.js';

/** The event the plugin emits when the visitor's furthest stage advances. */
export const STAGE_CHANGED = 'Journey Stage Changed';

/**
 * The journey stage engine, as a plugin. Every message gets `context.journey` with `stage`
 * (this event's), `furthestStage` (never goes back), `rule` (id, or index, of the rule that
 * matched; null when none did and the current stage was kept), `channel`, `firstTouch` and
 * `lastTouch`. The visitor's journey is kept in localStorage under `<name>:journey`; when
 * the furthest stage advances, "Journey Stage Changed" is tracked right after the event
 * that caused it, with `from`, `to`, `event`, `messageId` and `rule`.
 *
 * @example
 * createTracker({ endpoint, plugins: [journey()] });
 * createTracker({ endpoint, plugins: [journey({ rulesUrl: '/waymark-rules.json' })] });
 * createTracker({ endpoint, plugins: [journey({ stages: ['browse', 'buy'], rules: [{ stage: 'buy', event: 'Order Completed' }] })] });
 */
export const journey = (options?: JourneyOptions): Plugin => {
  // The labels word only development warnings: behind DEV, so that esbuild (which keeps any
  // string passed to a function) drops them from a production bundle as terser does.
  const o = readOptions(DEV ? 'journey()' : '', options);
  const orderEvents = (o.orderEvents && bounded(DEV ? 'journey(): orderEvents' : '', o.orderEvents, MAX_LIST, DEV ? 'the default ["Order Completed"] is used.' : '')) || [
    'Order Completed',
  ];
  let set: RuleSet = { rules: DEFAULT_RULES, stages: DEFAULT_STAGES };
  let api: PluginAPI | undefined;
  let key = '';
  let mem: JourneyState | undefined;
  // The stored journey is read once per task and written once at its end: the tracker
  // enriches a whole burst of events in one task, and other tabs can change the record
  // only between tasks.
  let read = false;
  let dirty = false;
  const save = () => {
    read = false;
    try {
      // nothing about the visitor is stored before consent
      if (dirty && mem && api && (!api.consent || api.consent() == 'granted')) localStorage.setItem(key, JSON.stringify(mem));
    } catch {
      // kept in memory for this page
    }
    dirty = false;
  };

  return {
    name: 'journey',
    setup(a) {
      api = a;
      key = a.name + ':journey';
      const inline = readRuleSet(o.rules || [], o.stages);
      if (typeof inline == 'string') report('journey options: rules are ' + inline + '; the default rules are used.');
      // a stage list alone keeps the default rules for the stages it names
      else set = (o.rules || (inline.rules = DEFAULT_RULES.filter((r) => inline.stages.includes(r.stage))), inline);
      const url = o.rulesUrl;
      let ctl: AbortController | undefined;
      if (url) {
        // a rules file: the copy cached in localStorage at once, then the file, fetched once
        // per page without ever blocking tracking, used (and cached) when it differs
        const rulesKey = key + '-rules';
        let cached: string | null = null;
        try {
          cached = localStorage.getItem(rulesKey);
        } catch {
          // storage unavailable: wait for the network
        }
        const c = cached && readRuleSet(cached, o.stages);
        if (c instanceof Object) set = c;
        const { signal } = (ctl = new AbortController());
        const at = 'journey rules at ' + url;
        // a broken file prints one console error naming what stays in use
        const keep = '; ' + (cached ? 'the cached copy' : 'the ' + (o.rules ? 'inline' : 'default') + ' rule set') + ' stays in use.';
        (async () => {
          try {
            const res = await fetch(url, { signal });
            if (!res.ok) return report(at + ' answered HTTP ' + res.status + keep);
            const text = await res.text();
            if (signal.aborted || text === cached) return;
            const fresh = readRuleSet(text, o.stages);
            if (typeof fresh == 'string') return report(at + ' are ' + fresh + keep);
            set = fresh;
            try {
              localStorage.setItem(rulesKey, text);
            } catch {
              // not cached: fetched again on the next page
            }
          } catch (e) {
            if (DEV && !signal.aborted) warn(at + ' could not be fetched (' + e + ')' + keep);
          }
        })();
      }
      return () => {
        api = undefined;
        // cancels the rules fetch
        ctl?.abort();
      };
    },
    enrich(m: Message) {
      const j = m.context.journey;
      // A non-interactive message (context.active false: an abandonment, a Web Vital) is no
      // visit and no touch: it moves nothing, and keeps the session and touch its sender gave.
      const given = m.context.active === false && { ...j };
      const { stages } = set;
      const first = stages[0]!;
      let s = mem;
      if (!read) {
        read = true;
        queueMicrotask(save);
        try {
          const x = JSON.parse(localStorage.getItem(key)!);
          // another version's or a garbled record would break every event: start afresh instead
          if (x?.reached instanceof Object && x.orders >= 0 && x.visits >= 0) s = x;
        } catch {
          // storage unavailable or garbled: the copy in memory is the truth for this page
        }
      }
      // reset() or a refused consent made a new visitor: their journey starts afresh
      if (s?.visitor != m.anonymousId) s = undefined;
      s ||= { visitor: m.anonymousId, orders: 0, visits: 0 } as JourneyState;
      // a new visitor, or a new stage list (the stages stored mean nothing any more): the first stage
      if (!stages.includes(s.furthest)) (s.stage = s.furthest = first), (s.reached = { [first]: Date.now() });
      let stage = s.stage;
      if (m.event == STAGE_CHANGED) stage = (m.properties?.to as string) || stage;
      else {
        const now = Date.parse(m.timestamp) || Date.now();
        if (!given && j.sessionId != s.session) {
          const t = touchpoint(m.context.page.url, m.context.page.referrer);
          t.at = m.timestamp;
          s.session = j.sessionId;
          s.visits++;
          s.last = t;
          s.first ||= t;
          // "purchased" means an order in an earlier visit: this visit is a returning customer's
          s.customer = s.orders > 0;
        }
        // the stage decision alone: why a rule matched is explain()'s, for whoever asks
        const seen = facts(m, s);
        const index = set.rules.findIndex((r) => matches(r, seen, stages));
        const matched = set.rules[index];
        if (matched) stage = matched.stage;
        const rule = (j.rule = matched ? (matched.id ?? index) : null);
        if (!given) {
          s.stage = stage;
          s.reached[stage] ||= now;
          const from = s.furthest;
          if (stages.indexOf(stage) > stages.indexOf(from)) {
            const change = { from, to: (s.furthest = stage), event: m.event || m.type, messageId: m.messageId, rule };
            // after the event that caused it, and never from inside enrich (that would recurse)
            queueMicrotask(() => api?.track(STAGE_CHANGED, change));
          }
          const id = m.properties?.order_id;
          if (orderEvents.includes(m.event!) && (id == null || id !== s.lastOrderId)) {
            s.orders++;
            s.lastOrder = now;
            s.lastOrderId = id;
          }
          mem = s;
          dirty = true;
        }
      }
      Object.assign(j, { stage, furthestStage: s.furthest, channel: s.last?.channel, firstTouch: s.first, lastTouch: s.last }, given);
    },
  };
};
