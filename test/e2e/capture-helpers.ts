import type { Page } from '@playwright/test';
import type { Collector } from './server.js';
import { expect, until } from './fixtures.js';

/** A track message as the collector received it. */
export type Tracked = { event: string; type: string; messageId: string; timestamp: string; properties: Record<string, any>; context: Record<string, any> };

/**
 * The track events the collector received, in arrival order, each once: an unload beacon and
 * the next page may both deliver an event, and collectors drop duplicates by messageId.
 */
export const tracked = (c: Collector): Tracked[] => {
  const seen = new Set<string>();
  return (c.events() as unknown as Tracked[]).filter((m) => m.type == 'track' && !seen.has(m.messageId) && !!seen.add(m.messageId));
};

/** The properties of every received event of that name. */
export const props = (c: Collector, event: string) =>
  tracked(c)
    .filter((m) => m.event == event)
    .map((m) => m.properties);

/**
 * Runs one step of a journey (a click, a navigation) and asserts the exact events it caused,
 * in order: waits for them, then a little longer to be sure nothing else follows.
 */
export const step = async (c: Collector, action: () => Promise<unknown>, events: string[], quiet = 400) => {
  const before = tracked(c).length;
  await action();
  await until(() => tracked(c).length >= before + events.length, 15000, 'events ' + events.join(', '));
  await new Promise((r) => setTimeout(r, quiet));
  expect(
    tracked(c)
      .slice(before)
      .map((m) => m.event),
  ).toEqual(events);
};

/** Clicks and waits for the page it leads to. */
export const follow = (page: Page, selector: string) => Promise.all([page.waitForNavigation(), page.click(selector)]);
