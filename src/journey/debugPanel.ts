import type { Message, Plugin } from '../types.js';
import { on } from '../lib/on.js';
import { DEV, warn } from '../lib/warn.js';
import { readOptions } from '../lib/readOptions.js';

/** Options of {@link debugPanel}. */
export interface DebugPanelOptions {
  /** Show the panel. Default: only when the page URL has `waymark_debug=1`. */
  enabled?: boolean;
  /** Same as `enabled`, as the script tag's `data-debug` passes it. */
  debug?: boolean;
  /** How many of the last events to list. Default 12. */
  max?: number;
}

// An element with its text and styles (`name:value;...`). Styles go through the CSSOM
// (style.setProperty), which a Content-Security-Policy without 'unsafe-inline' allows: only
// style attributes in markup, setAttribute('style') and <style> elements are blocked
// (https://www.w3.org/TR/CSP3/#directive-style-src). `!important` inline styles: the host
// element is in the page, where a rule such as `div { display: none !important }` reaches it.
const el = <T extends HTMLElement>(tag: string, style = '', text = ''): T => {
  const e = document.createElement(tag) as T;
  e.textContent = text;
  for (const d of style.split(';')) {
    const [k, v] = d.split(':');
    if (v) e.style.setProperty(k!, v, 'important');
  }
  return e;
};

/**
 * A debug view of the journey: a small panel in the corner of the page listing the last
 * events with their stage, furthest stage and the rule that matched. Install it after
 * {@link journey}. It shows only when the URL has `?waymark_debug=1` or `enabled: true`,
 * works under a strict Content-Security-Policy, and when no panel can be drawn it logs each
 * event to the console instead. Not part of the default bundle: import it to use it.
 *
 * @example
 * createTracker({ endpoint, plugins: [journey(), debugPanel()] }); // then open the page with ?waymark_debug=1
 */
export const debugPanel = (options?: DebugPanelOptions): Plugin => {
  const o = readOptions('debugPanel()', options);
  // the whole table is drawn again at every event: a few rows
  const max = typeof o.max == 'number' && o.max > 0 ? Math.min(o.max, 100) : 12;
  // newest first: time, event, stage, furthest stage, rule
  let rows: string[][] = [];
  let live = false;
  let box: HTMLElement | undefined;
  let body: HTMLTableElement | undefined;
  let toConsole = false;
  let off: (() => void) | undefined;

  const draw = () => {
    if (!live || toConsole) return;
    try {
      if (!box) {
        if (!document.body) return;
        // The panel lives in a shadow root, so the page's stylesheets cannot select it (a
        // shop's `table { background: #fff }` made its text light grey on white), and
        // `all: initial` on the host and the panel stops inherited styles (color, font).
        box = el('div', 'all:initial;position:fixed;right:8px;bottom:8px;z-index:2147483647;display:block');
        box.dataset.waymarkDebugHost = '';
        const panel = el(
          'aside',
          'all:initial;display:block;max-width:560px;max-height:50vh;overflow:auto;background:#111;color:#eee;font:12px/1.4 ui-monospace,monospace;padding:6px 8px;border-radius:6px;opacity:.92',
        );
        panel.dataset.waymarkDebug = '';
        const close = el('button', 'all:initial;float:right;color:inherit;font:inherit;cursor:pointer', '×');
        close.title = 'Hide the Waymark debug panel';
        // the listener goes with the button, removed with the panel
        close.onclick = () => box!.style.setProperty('display', 'none', 'important');
        panel.append(close, el('b', 'font-weight:bold', 'Waymark journey'), (body = el('table', 'border-spacing:8px 0;color:inherit;font:inherit;background:none')));
        box.attachShadow({ mode: 'open' }).append(panel);
        document.body.append(box);
      }
      body!.replaceChildren();
      for (const r of ['time event stage furthest rule'.split(' '), ...rows]) {
        const tr = body!.insertRow();
        for (const c of r) tr.insertCell().textContent = c;
      }
    } catch (e) {
      toConsole = true;
      DEV && warn('the debug panel cannot be shown (' + e + '); journey decisions are logged to the console instead.');
    }
  };

  return {
    name: 'debugPanel',
    setup() {
      try {
        live = o.enabled ?? o.debug ?? new URLSearchParams(location.search).get('waymark_debug') == '1';
      } catch {
        live = false;
      }
      if (live && document.readyState == 'loading') off = on(document, 'DOMContentLoaded', draw);
      return () => {
        live = false;
        off?.();
        box?.remove();
        box = undefined;
        rows = [];
      };
    },
    enrich(m: Message) {
      if (!live) return;
      // read the journey after every plugin has enriched the message, whatever the order
      queueMicrotask(() => {
        try {
          const j = m.context.journey;
          const row = [m.timestamp.slice(11, 19), m.event || m.name || m.type, ...[j.stage, j.furthestStage, j.rule].map((v) => String(v ?? '-'))];
          rows = [row, ...rows].slice(0, max);
          draw();
          if (toConsole) console.info('[waymark] journey: ' + row.join(' | '));
        } catch {
          // a debugging aid never breaks the page (a console that throws, an odd message)
        }
      });
    },
  };
};
