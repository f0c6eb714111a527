import type { Message, Plugin, Properties } from '../../../src/types.js';

/** One step of a labelled journey. */
export interface Step {
  /** A page view of this path (and query) on https://shop.example. */
  page?: string;
  /** A track call of this event, on the last page viewed. */
  track?: string;
  /** An identify call. */
  identify?: string;
  properties?: Properties;
  /** document.referrer for this step (default: none). */
  referrer?: string;
  /** Starts a new visit (session) before this step. */
  visit?: boolean;
  /** Days that pass before this step (starts a new visit). */
  days?: number;
  /** Expected stage of the event. */
  expect: string;
  /** Expected furthest stage after it. */
  furthest?: string;
  /** Expected channel of the visit. */
  channel?: string;
  /** Expected matching rule id (null: none matched). */
  rule?: string | null;
}

export interface Journey {
  name: string;
  steps: Step[];
}

export const ORIGIN = 'https://shop.example';

/**
 * Drives a plugin the way the core does: builds each message (page context, session id,
 * timestamp), lets the plugin enrich it, and records what it tracks back. Time starts at
 * `start` and moves a minute per step, or by `days`.
 */
export const drive = (plugin: Plugin, name = 'drive-' + Math.random().toString(36).slice(2), start = Date.parse('2026-01-05T10:00:00Z')) => {
  const tracked: { event: string; properties?: Properties }[] = [];
  const off = plugin.setup?.({
    track: (event, properties) => tracked.push({ event, properties }),
    page() {},
    config: { endpoint: 'https://collect.example/v1/batch' },
    name,
    consent: () => 'granted',
  });
  let now = start;
  let session = 1;
  let url = ORIGIN + '/';
  let n = 0;
  const send = (fields: Partial<Message>, referrer = ''): Message => {
    const u = new URL(url);
    const m = {
      type: 'track',
      ...fields,
      context: {
        page: { path: u.pathname, url, search: u.search, title: '', referrer },
        userAgent: '',
        locale: 'en',
        library: { name: 'waymark', version: '0' },
        journey: { sessionId: 's' + session },
      },
      messageId: 'm' + ++n,
      anonymousId: 'a',
      userId: null,
      timestamp: new Date(now).toISOString(),
    } as Message;
    plugin.enrich?.(m);
    return m;
  };
  const step = (s: Omit<Step, 'expect'>): Message => {
    now += s.days ? s.days * 864e5 : 6e4;
    if (s.visit || s.days) session++;
    if (s.page) {
      url = ORIGIN + s.page;
      return send({ type: 'page', properties: { ...s.properties } }, s.referrer);
    }
    if (s.identify) return send({ type: 'identify', traits: {} }, s.referrer);
    return send({ event: s.track, properties: { ...s.properties } }, s.referrer);
  };
  return { step, send, tracked, off: () => typeof off == 'function' && off() };
};
