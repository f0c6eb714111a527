import { afterEach } from 'vitest';
import type { CallOptions, Message, Plugin, PluginAPI, Properties, Tracker } from '../../../src/types.js';
import { createTracker } from '../../../src/index.js';
import { capture } from '../../../src/capture/capture.js';
import { pageViews } from '../../../src/capture/pageViews.js';
import { collector, fresh } from '../helpers.js';

const offs: (() => void)[] = [];
afterEach(() => {
  offs.splice(0).forEach((off) => off());
  localStorage.clear();
  document.body.innerHTML = '';
  document.head.innerHTML = '';
});

/**
 * A plugin API that records every track() call, so tests assert the exact events a capture
 * sends, synchronously. Plugins installed with `use` are torn down after each test.
 */
export const fakeApi = (name = fresh()) => {
  const calls: [string, Properties][] = [];
  // the options of each call, in the same order
  const options: (CallOptions | undefined)[] = [];
  // what a plugin's enrich sees of each call: the message as a tracker would build it
  const messages: Message[] = [];
  const api: PluginAPI = {
    track: (e, p, o) => void (calls.push([e, p ?? {}]), options.push(o)),
    page() {},
    config: { endpoint: 'http://127.0.0.1/x' },
    name,
    consent: () => 'granted',
  };
  const use = (...plugins: Plugin[]) =>
    plugins.forEach((p) => {
      const off = p.setup!(api);
      if (off) offs.push(off);
      // a plugin's enrich sees what the others send, as in a tracker
      if (p.enrich) {
        const track = api.track;
        api.track = (e, props, o) => {
          const m = { type: 'track', event: e, properties: props, context: { journey: { sessionId: 's1' }, ...o?.context } } as Message;
          messages.push(m);
          p.enrich!(m);
          track(e, props, o);
        };
      }
    });
  return { api, calls, options, messages, use, events: () => calls.map((c) => c[0]), props: (event: string) => calls.filter((c) => c[0] == event).map((c) => c[1]) };
};

/** Lets DOMContentLoaded-or-next-task scans and promise chains run. */
export const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

/**
 * A single-page shop with a real tracker: for the capture `plugin` alone and for `capture()`,
 * `start` sets the first page, a tracker with pageViews() and the capture starts, `walk`
 * navigates; returns what each collector received, in that order.
 */
export const spa = async (plugin: () => Plugin, start: () => void, walk: (t: Tracker) => Promise<void>): Promise<Message[][]> => {
  const runs: Message[][] = [];
  for (const make of [plugin, () => capture()]) {
    start();
    const c = collector();
    const t = createTracker({ endpoint: 'http://127.0.0.1/x', transport: c.transport, name: fresh(), flushInterval: 5, plugins: [pageViews(), make()] });
    await tick(50);
    await walk(t);
    await t.flush();
    await t.shutdown();
    localStorage.clear();
    runs.push(c.events());
  }
  return runs;
};
