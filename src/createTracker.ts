import type { CallOptions, Consent, Context, Message, Plugin, PluginAPI, Properties, Tracker, TrackerConfig } from './types.js';
import type { OutboxRecord } from './storage/outbox.js';
import { createOutbox } from './storage/outbox.js';
import { BATCH_SIZE, createSender } from './delivery/createSender.js';
import { isObject } from './lib/isObject.js';
import { merge } from './lib/merge.js';
import { identity } from './core/identity.js';
import { pageContext } from './core/pageContext.js';
import { badConfig, bounds, num } from './core/validateConfig.js';
import { MAX_NAME, MAX_STRING } from './lib/limits.js';
import { denyFor } from './lib/scrubUrl.js';
import { byteLength } from './lib/byteLength.js';
import { toJson } from './lib/toJson.js';
import { maskPii } from './lib/maskPii.js';
import { on } from './lib/on.js';
import { uuid } from './lib/uuid.js';
import { DEV, fail, onServer, warn } from './lib/warn.js';
import { VERSION } from './version.js';

/**
 * A call on its way to the outbox. track() records only what cannot wait (the time, the URL,
 * a copy of the properties); the write task builds the message from it, so a burst of calls
 * costs little on the page's main thread.
 */
interface Draft {
  /** type */
  y: Message['type'];
  /** time of the call, ms */
  t: number;
  /** location.href at the call: an SPA may navigate before the write task runs */
  h: string;
  e?: string;
  p?: Properties;
  r?: Properties;
  /** page name */
  w?: string;
  /** user id set by identify() */
  u?: string;
  /** group(): the group id; alias(): the new user id */
  g?: string;
  /** alias(): the previous id, when the caller gave one */
  x?: string;
  /** the call's options, checked */
  o?: Options;
}

/** A call's {@link CallOptions}, checked at the call. */
interface Options {
  /** timestamp, ms */
  t?: number;
  /** context to merge, copied at the call */
  c?: Properties;
  /** anonymousId */
  a?: string;
}

/** Larger events are dropped (and counted): a batch must fit a 64 KiB keepalive request. */
export const MAX_EVENT_BYTES = 32000;

const noop = (): Tracker => ({
  track() {},
  page() {},
  identify() {},
  group() {},
  alias() {},
  use() {},
  reset() {},
  anonymousId: () => '',
  consent() {},
  flush: async () => {},
  shutdown: async () => {},
});

/**
 * Creates a tracker that sends events to `config.endpoint`.
 *
 * Every event is written to IndexedDB before anything is sent, then delivered in batches at
 * least once, with a stable messageId. Nothing it does throws into the page: a bad config
 * prints an error and returns a tracker that does nothing; bad arguments print a warning.
 *
 * @example
 * const waymark = createTracker({ endpoint: 'https://collect.example.com/v1/batch' });
 * waymark.track('Product Added', { product_id: 'sku-1', price: 20, currency: 'EUR' });
 */
export const createTracker = (config: TrackerConfig): Tracker => {
  try {
    // Server rendering (Next.js, Nuxt, Remix) runs the same code with no page: a silent
    // tracker, and one note in development, so an app needs no `typeof window` guard.
    if (typeof window == 'undefined' || typeof document == 'undefined') return (DEV && onServer(), noop());
    const why = badConfig(config);
    if (!why) return start(bounds(config));
    fail(why);
  } catch (e) {
    fail('createTracker failed: ' + e);
  }
  return noop();
};

const start = (config: TrackerConfig): Tracker => {
  const name = typeof config.name == 'string' && config.name ? config.name : 'waymark';
  const batchSize = num(config, 'batchSize', BATCH_SIZE);
  const flushInterval = num(config, 'flushInterval', 2000);
  const outbox = createOutbox(
    name,
    { maxEvents: num(config, 'maxEvents', 10000), maxBytes: num(config, 'maxBytes', 5e6), maxAge: num(config, 'maxAge', 6048e5), batch: batchSize },
    config.storage == 'memory',
  );
  let consent: Consent =
    config.honorGpc && ((navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl || navigator.doNotTrack == '1')
      ? 'denied'
      : config.consent == 'pending' || config.consent == 'denied'
        ? config.consent
        : 'granted';
  const granted = () => consent == 'granted';
  // Events tracked while consent is pending: in memory only, at most 1,000.
  let held: Draft[] = [];
  const who = identity(name + ':id', num(config, 'sessionTimeout', 18e5), granted);
  const readPage = pageContext(denyFor(config.scrubParams), !config.allowPii);
  // Events this tab wrote and has not seen confirmed: what a beacon sends when the page goes.
  const mine = new Map<string, OutboxRecord>();
  // The outbox is shared: another tab's sender may deliver what this tab wrote. It says so on
  // this channel, so this tab's unload beacon leaves those events out instead of repeating them.
  const sent = self.BroadcastChannel && new BroadcastChannel(name + '-sent');
  const forget = (ids: unknown) => Array.isArray(ids) && ids.forEach((id) => mine.delete(id));
  if (sent) sent.onmessage = (e) => forget(e.data);
  const sender = createSender(
    config,
    outbox,
    (records) => {
      const ids = records.map((r) => r.i);
      forget(ids);
      sent && sent.postMessage(ids);
    },
    granted,
  );
  const tab = uuid().slice(0, 8);
  const plugins: Plugin[] = [];
  const offs: (() => void)[] = [];
  let seq = 0;
  // What the last write task built: after pagehide, a beacon takes it at once.
  let fresh: OutboxRecord[] = [];
  let pending: Draft[] = [];
  let refused = 0;
  let unsent = 0;
  let writing = Promise.resolve();
  let writeTimer: ReturnType<typeof setTimeout> | undefined;
  let dead = false;
  // Set from pagehide to pageshow: the page is going away.
  let gone = false;
  // Records handed to the outbox whose write has not committed: what pagehide spills.
  const unstored = new Set<OutboxRecord[]>();
  const spill = () => outbox.spill([...unstored], tab);

  // Writes what track() queued in one transaction. Runs in its own task, right after the
  // calls that queued it, so a burst of track() calls costs one write, not one each.
  const persist = () => {
    clearTimeout(writeTimer);
    writeTimer = undefined;
    const records: OutboxRecord[] = [];
    for (const d of pending.splice(0))
      try {
        const r = record(d);
        if (r) records.push(r);
      } catch (e) {
        // this runs in a task of its own, where a throw would reach the page as its error
        DEV && warn('an event could not be built (' + e + '); it was dropped and counted.');
        refused++;
      }
    fresh = records;
    if (!records.length && !refused) return writing;
    const extra = refused;
    refused = 0;
    unstored.add(records);
    return (writing = writing
      .then(() => outbox.add(records, extra))
      .then(() => {
        unstored.delete(records);
        unsent += records.length;
        if (unsent >= batchSize) (unsent = 0), sender.flush();
        else sender.schedule(flushInterval);
      }));
  };

  // Read once: DOM getters cost more than the rest of a call's bookkeeping.
  const { userAgent, language: locale } = navigator;
  // Segment's context.timezone: the visitor's IANA zone, e.g. "Europe/Berlin".
  let timezone: string | undefined;
  try {
    timezone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    // no Intl time zones: the field is left out
  }
  const LIBRARY = { name: 'waymark', version: VERSION };
  // toISOString is the dearest part of a message; a burst shares a few milliseconds.
  let isoAt = -1;
  let iso = '';

  // Builds a call's message, lets plugins enrich it, then serialises it (JSON, masking,
  // size): all in the write task, in the order of the calls. One object shape for every
  // message (undefined fields are left out of the JSON), and properties before context:
  // maskPii scans only what precedes the context.
  const record = (d: Draft): OutboxRecord | undefined => {
    if (d.u) who.setUser(d.u);
    const o = d.o || {};
    // A non-interactive message (Segment's context.active false) is no activity: it takes the
    // session as it stands, neither rolled nor extended, and is no touch of the page's campaign.
    const passive = o.c?.active === false;
    const p = readPage(d.h);
    const v = passive ? who.get() : who.touch(d.t, p.campaignKey);
    const context: Context = { page: p.page, userAgent, locale, timezone, library: LIBRARY, journey: { sessionId: v.s } };
    if (p.campaign && !passive) context.campaign = p.campaign;
    if (o.c) merge(context, o.c);
    const t = o.t ?? d.t;
    if (t != isoAt) (isoAt = t), (iso = new Date(t).toISOString());
    // a page's properties: path, url, search, title and referrer, then the caller's
    const properties = d.y == 'page' ? { ...p.page, ...d.p } : d.p;
    const m: Message = { type: d.y, event: d.e, properties, traits: d.r, context, messageId: uuid(), anonymousId: v.a, userId: v.u, timestamp: iso };
    if (d.w) m.name = d.w;
    if (d.y == 'group') m.groupId = d.g;
    // Segment's alias: the new id, and the one it replaces (this visitor's user id, else its
    // anonymous id, as analytics.js takes them at the call)
    if (d.y == 'alias') (m.previousId = d.x || v.u || v.a), (m.userId = d.g!);
    for (const pl of plugins)
      try {
        if (pl.enrich && pl.enrich(m) === false) return;
      } catch (e) {
        DEV && warn('plugin "' + pl.name + '" failed on an event: ' + e);
      }
    // after the plugins: they keep to this browser's visitor (its journey, its cart)
    if (o.a) m.anonymousId = o.a;
    let s = toJson(m);
    // far over the bound even if masking shortened it: dropped before the masking scan,
    // which would cost the page about 60 ms a megabyte
    if (s && s.length > 4 * MAX_EVENT_BYTES) s = '';
    if (s && !config.allowPii && m.type != 'identify') s = maskPii(s);
    const n = s ? byteLength(s) : 0;
    if (s && n <= MAX_EVENT_BYTES) {
      const r: OutboxRecord = { k: [d.t, tab, seq++], i: m.messageId, s, n };
      mine.set(r.i, r);
      // Bound the beacon list: older events are still in the outbox for a later page.
      if (mine.size > 2000) mine.delete(mine.keys().next().value!);
      return r;
    }
    DEV && warn('"' + (m.event || m.type) + '" was dropped (and counted): its properties are over ' + MAX_EVENT_BYTES + ' bytes or cannot be made JSON.');
    refused++;
    return undefined;
  };

  const enqueue = (d: Draft) => {
    if (consent == 'denied') return;
    if (consent == 'pending') return void (held.push(d) > 1000 && held.shift());
    pending.push(d);
    // Tracked after our own pagehide listener ran (a later listener, or web-vitals
    // reporting on unload): write and beacon it now, no later task will run.
    if (gone) persist(), spill(), sender.beacon(fresh);
    writeTimer ||= setTimeout(persist, 0);
  };
  // location.href is a DOM getter that costs about a third of a call. Where the Navigation API
  // is, its currententrychange fires inside every same-document URL change (pushState,
  // replaceState, a fragment, back and forward), so the URL is read once per change. Not in a
  // document whose Navigation API has no entries (an opaque origin): it fires no events.
  const nav = (self as { navigation?: EventTarget & { currentEntry: unknown } }).navigation;
  let href: string | undefined;
  const cached = nav?.currentEntry && offs.push(on(nav, 'currententrychange', () => (href = undefined)));
  const draft = (y: Message['type'], e?: string, p?: Properties, r?: Properties, o?: Options): Draft => ({
    y,
    t: Date.now(),
    h: cached ? (href ??= location.href) : location.href,
    e,
    p,
    r,
    o,
  });

  // Checked at the call, so a warning names the call; a bad field is left out, the call is kept.
  const options = (call: string, x: unknown): Options | undefined => {
    if (x == null) return;
    const bad = (field: string, fix: string) => DEV && warn(call + ': ' + field + ' must be ' + fix + '; sent without it.');
    if (!isObject(x)) return void bad('options', 'a plain object, e.g. { timestamp: new Date() }');
    const o: Options = {};
    // a copy: a getter that throws loses only its own option
    const { timestamp: ts, context: c, anonymousId: a } = (props(call, x) || {}) as CallOptions;
    const t = ts instanceof Date || typeof ts == 'string' || typeof ts == 'number' ? +new Date(ts) : NaN;
    if (t == t) o.t = t;
    else if (ts !== undefined) bad('options.timestamp', 'a valid Date, ISO 8601 string or number of milliseconds since 1970');
    if (isObject(c)) o.c = props(call, c);
    else if (c !== undefined) bad('options.context', 'a plain object');
    if (typeof a == 'string' && a && a.length <= 256) o.a = a;
    else if (a !== undefined) bad('options.anonymousId', 'a string of 1 to 256 characters');
    return o;
  };

  // The call's properties, or undefined when the call is refused: a string too long for any
  // event is refused here, before building, masking and measuring it would cost the page.
  const props = (call: string, x: unknown): Properties | undefined => {
    if (x === undefined || x === null) return {};
    let copy: Properties = {};
    // Copied now: a page that reuses one object for several calls keeps each call's values.
    // A getter that throws loses only its own value.
    if (!isObject(x)) DEV && warn(call + ': properties must be a plain object; sent without them.');
    else
      try {
        copy = { ...x };
      } catch {
        for (const k of Object.keys(x))
          try {
            copy[k] = x[k];
          } catch {
            // that value is left out
          }
      }
    for (const k in copy) {
      const v = copy[k];
      if (k.length > MAX_NAME) delete copy[k], DEV && warn(call + ': property names longer than ' + MAX_NAME + ' characters are left out.');
      else if (typeof v == 'string' && v.length > MAX_STRING)
        return void (refused++, DEV && warn(call + ' was dropped (and counted): properties.' + k + ' is over ' + MAX_STRING + ' characters, more than an event may hold.'));
    }
    return copy;
  };

  const track = (event: string, properties?: Properties, o?: CallOptions) => {
    if (typeof event != 'string' || event.length > MAX_NAME || !event.trim())
      return void (DEV && warn('track(event): event must be a non-empty string of at most ' + MAX_NAME + " characters, e.g. 'Product Added'; ignored."));
    // a call's name is for warnings only: production builds pass '' (and build no string)
    const call = DEV ? 'track("' + event + '")' : '';
    const p = props(call, properties);
    if (p) enqueue(draft('track', event, p, undefined, options(call, o)));
  };

  // The URL of the last page view: one view per URL, whoever asks for it (pageViews() and an
  // app's own page() on a route change are one view). A back/forward-cache restore is a
  // new view of the same URL.
  let viewed = '';
  const page = (pageName?: string, properties?: Properties, o?: CallOptions) => {
    const call = DEV ? 'page()' : '';
    const p = props(call, properties);
    if (!p) return;
    const d = draft('page', undefined, p, undefined, options(call, o));
    if (d.h == viewed) return;
    viewed = d.h;
    if (DEV && typeof pageName == 'string' && pageName.length > MAX_NAME) warn('page(name): name must be at most ' + MAX_NAME + ' characters; sent without it.');
    else if (typeof pageName == 'string' && pageName) d.w = pageName;
    enqueue(d);
  };

  // An id that rides on a message (a huge one would make every later message too large):
  // true, with a warning naming the call and the field, unless it is 1 to 256 characters.
  const badId = (call: string, field: string, x: unknown, fix: string) =>
    (typeof x != 'string' || !x || x.length > 256) && (DEV && warn(call + ': ' + field + ' must be a string of 1 to 256 characters' + fix + '; ignored.'), true);

  const identify = (userId?: string | null, traits?: Properties, o?: CallOptions) => {
    if (userId != null && badId('identify(userId)', 'userId', userId, ', or null')) return;
    const call = DEV ? 'identify()' : '';
    const r = props(call, traits);
    if (!r) return;
    const d = draft('identify', undefined, undefined, r, options(call, o));
    // Set in the write task, in call order: events tracked before this call keep no user id.
    if (userId) d.u = userId;
    enqueue(d);
  };

  const group = (groupId: string, traits?: Properties, o?: CallOptions) => {
    if (badId('group(groupId)', 'groupId', groupId, ", e.g. 'acme-gmbh'")) return;
    const call = DEV ? 'group()' : '';
    const r = props(call, traits);
    if (!r) return;
    const d = draft('group', undefined, undefined, r, options(call, o));
    d.g = groupId;
    enqueue(d);
  };

  const alias = (userId: string, previousId?: string | null, o?: CallOptions) => {
    if (
      badId('alias(userId)', 'userId', userId, ", e.g. 'user-42'") ||
      (previousId != null && badId('alias(userId, previousId)', 'previousId', previousId, ', or none for the current id'))
    )
      return;
    const d = draft('alias', undefined, undefined, undefined, options(DEV ? 'alias()' : '', o));
    d.g = userId;
    if (previousId) d.x = previousId;
    enqueue(d);
  };

  const flush = async () => {
    await persist();
    await sender.flush();
  };

  const setConsent = (state: Consent) => {
    if (state != 'granted' && state != 'denied' && state != 'pending') return void (DEV && warn("consent(state): state must be 'granted', 'denied' or 'pending'; ignored."));
    consent = state;
    if (state == 'granted') {
      // What waited goes out in the order it was tracked, as if consent had been there.
      pending.push(...held);
      held = [];
      who.save();
      persist();
    } else if (state == 'denied') {
      held = [];
      pending = [];
      mine.clear();
      who.forget();
      writing = writing.then(outbox.clear);
    }
  };

  const api: PluginAPI = { track, page, config, name, consent: () => consent };
  const add = (plugin: Plugin) => {
    if (!plugin || typeof plugin != 'object' || typeof plugin.name != 'string')
      return DEV && warn('use(plugin): a plugin is an object with a name, e.g. { name: "x", setup(api) {} }; ignored.');
    if (plugins.some((p) => p.name == plugin.name)) return DEV && warn('use(): plugin "' + plugin.name + '" is already installed; ignored.');
    return plugins.push(plugin);
  };
  const setup = (plugin: Plugin) => {
    try {
      const off = plugin.setup && plugin.setup(api);
      if (typeof off == 'function') offs.push(off);
    } catch (e) {
      DEV && warn('plugin "' + plugin.name + '" failed to set up: ' + e);
    }
  };
  const use = (plugin: Plugin) => {
    if (add(plugin)) setup(plugin);
  };

  offs.push(
    on(document, 'visibilitychange', () => {
      if (document.visibilityState != 'hidden') return;
      who.save();
      persist();
      sender.flush(true);
    }),
    on(window, 'pagehide', () => {
      gone = true;
      persist();
      spill();
      if (granted()) sender.beacon([...mine.values()]);
    }),
    on(window, 'online', () => sender.online()),
    on(window, 'pageshow', (e) => {
      gone = false;
      if ((e as PageTransitionEvent).persisted) viewed = '';
      // back from the back-forward cache: store what this page spilled, before anyone sends
      writing = writing.then(outbox.restore);
    }),
  );

  // Public calls never throw into the page, and do nothing (with a warning) after shutdown.
  // Three parameters, the most any call takes, rather than rest and spread: a page's first
  // burst runs in the interpreter, where those build an array per call.
  const guard = <F extends (a?: any, b?: any, c?: any) => any>(label: string, fn: F, dflt: ReturnType<F>): F =>
    ((a?: unknown, b?: unknown, c?: unknown) => {
      if (dead) {
        DEV && warn(label + '() after shutdown(): ignored. Create a new tracker to track again.');
        return dflt;
      }
      try {
        return fn(a, b, c);
      } catch (e) {
        DEV && warn(label + '() failed: ' + e);
        return dflt;
      }
    }) as F;
  const done = Promise.resolve();

  // All configured plugins are in place before any sets up, so an event one sends at setup
  // (the first page view) is enriched by those listed after it (its journey stage).
  try {
    config.plugins?.filter(add).forEach(setup);
  } catch {
    DEV && warn('config.plugins cannot be read (a Proxy that throws?); the plugins after the one it stopped at are not installed.');
  }
  // What pages that went spilled is stored before anything is sent.
  writing = outbox.restore().then(() => void sender.flush());

  return {
    track: guard('track', track, undefined),
    page: guard('page', page, undefined),
    identify: guard('identify', identify, undefined),
    group: guard('group', group, undefined),
    alias: guard('alias', alias, undefined),
    use: guard('use', use, undefined),
    // Calls before reset() keep the old ids: their messages are built first.
    reset: guard('reset', () => (persist(), who.reset()), undefined),
    anonymousId: guard('anonymousId', () => who.get().a, ''),
    consent: guard('consent', setConsent, undefined),
    flush: guard('flush', () => flush().catch((e) => void (DEV && warn('flush() failed: ' + e))), done),
    shutdown: guard(
      'shutdown',
      () => {
        dead = true;
        for (const off of offs.splice(0))
          try {
            off();
          } catch (e) {
            DEV && warn('a plugin failed to shut down: ' + e);
          }
        return flush()
          .catch(() => {})
          .finally(() => (sender.stop(), sent && sent.close()));
      },
      done,
    ),
  };
};
