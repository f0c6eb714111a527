import { afterEach, expect, test, vi } from 'vitest';
import { debugPanel } from '../../../src/journey/debugPanel.js';
import { journey } from '../../../src/journey/index.js';
import { drive } from './drive.js';
import type { Plugin } from '../../../src/types.js';

afterEach(() => {
  localStorage.clear();
  history.replaceState(null, '', '/');
  document.body.replaceChildren();
});

// Both plugins on one fake core: the panel reads what the journey wrote.
const both = (panel: Plugin) => {
  const j = journey();
  const p: Plugin = {
    name: 'pair',
    setup(api) {
      const a = j.setup!(api);
      const b = panel.setup!(api);
      return () => (typeof a == 'function' && a(), typeof b == 'function' && b());
    },
    enrich(m) {
      j.enrich!(m);
      panel.enrich!(m);
    },
  };
  return drive(p);
};
/** The panel's host element in the page, and the panel inside its shadow root. */
const host = () => document.querySelector<HTMLElement>('[data-waymark-debug-host]');
const panel = () => host()?.shadowRoot?.querySelector<HTMLElement>('[data-waymark-debug]') ?? null;
const rows = () => [...panel()!.querySelectorAll('tr')].map((tr) => [...tr.children].map((td) => td.textContent).slice(1));

test('off by default: no panel', async () => {
  const d = both(debugPanel());
  d.step({ track: 'Product Viewed' });
  await Promise.resolve();
  expect(host()).toBeNull();
});

test('?waymark_debug=1 shows the last events with stage, furthest stage and rule, newest first', async () => {
  history.replaceState(null, '', '/?waymark_debug=1');
  const d = both(debugPanel({ max: 2 }));
  d.step({ track: 'Product Viewed' });
  d.step({ track: 'Product Added' });
  d.step({ track: 'Video Played' });
  await Promise.resolve();
  expect(rows()).toEqual([
    ['event', 'stage', 'furthest', 'rule'],
    ['Video Played', 'decision', 'decision', '-'],
    ['Product Added', 'decision', 'decision', 'cart'],
  ]);
  const box = host()!;
  expect(box.style.getPropertyValue('position')).toBe('fixed');
  // in a shadow root, out of reach of the page's selectors
  expect(document.querySelector('[data-waymark-debug], table')).toBeNull();
  expect(box.shadowRoot!.mode).toBe('open');
  // no style attribute written as markup, no <style> element
  expect(document.querySelector('style')).toBeNull();
  expect(box.shadowRoot!.querySelector('style')).toBeNull();
  // the close button hides it
  panel()!.querySelector('button')!.click();
  expect(box.style.getPropertyValue('display')).toBe('none');
  // teardown removes it
  d.off();
  expect(host()).toBeNull();
});

test('enabled: true shows it without the query; enabled: false hides it even with the query', async () => {
  const d = both(debugPanel({ enabled: true }));
  d.step({ page: '/products/a' });
  await Promise.resolve();
  expect(rows()[1]).toEqual(['page', 'consideration', 'consideration', 'browse-page']);
  d.off();
  history.replaceState(null, '', '/?waymark_debug=1');
  const d2 = both(debugPanel({ enabled: false }));
  d2.step({ track: 'X' });
  await Promise.resolve();
  expect(host()).toBeNull();
});

test('event text is shown as text, never as markup', async () => {
  const d = both(debugPanel({ enabled: true }));
  d.step({ track: '<img src=x onerror=alert(1)>' });
  await Promise.resolve();
  expect(panel()!.querySelector('img')).toBeNull();
  expect(rows()[1]![0]).toBe('<img src=x onerror=alert(1)>');
});

test('when no panel can be drawn it says so once and logs each event to the console', async () => {
  const w = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const info = vi.spyOn(console, 'info').mockImplementation(() => {});
  vi.spyOn(document, 'createElement').mockImplementation(() => {
    throw new Error('blocked');
  });
  const d = both(debugPanel({ enabled: true }));
  d.step({ track: 'Product Added' });
  d.step({ track: 'Cart Viewed' });
  await Promise.resolve();
  expect(w.mock.calls.filter((c) => String(c[0]).includes('debug panel cannot be shown'))).toHaveLength(1);
  expect(info.mock.calls.map((c) => String(c[0]).replace(/^.*?\| /, ''))).toEqual(['Product Added | decision | decision | cart', 'Cart Viewed | decision | decision | cart']);
  d.off();
});
