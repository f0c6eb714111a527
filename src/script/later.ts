import type { Plugin, Tracker } from '../types.js';
import type { ScriptConfig } from './readConfig.js';
import { DEV, warn } from '../lib/warn.js';
import { on } from '../lib/on.js';
import { whenReady } from '../capture/whenReady.js';
import { keepEarlyTriggers } from './earlyTriggers.js';

/** Loads the module of a capture by its name: the split file, or the build's own exports. */
export type Chunk = (name: string) => Promise<Record<string, unknown>>;

/** A capture loaded after the first event, and what must hold first (none: nothing). */
export type Later = [name: string, when?: (cfg: ScriptConfig, w: Record<string, any>) => unknown];

/**
 * Installs the captures the script tag does not carry, none before the tracker has tracked its
 * first event (the page view, at setup), so none delays it: those without a condition at once,
 * then, once the document is ready, each whose condition holds. Each lot is installed in list
 * order once all of it has arrived (or failed), as `capture` installed them. A condition that does not hold yet is tried again
 * at the load event and after each page view of a single-page app (then, and 0.3, 1 and 3 s
 * later, while the route renders). A file that fails to load is a warning in the debug build;
 * tracking goes on without it. Returns the plugin that hears the page views, for the tracker's
 * plugins, and the function that starts the looking once the tracker exists.
 */
export const later = (cfg: ScriptConfig, list: Later[], chunk: Chunk): [Plugin, (tracker: Tracker) => void] => {
  const loaded = new Set<string>();
  let tracker: Tracker;
  // clicks and submits before the captures that listen for them arrive are kept for them, until
  // what the load event found to load has started
  const stopKeeping = keepEarlyTriggers();
  const pending: Promise<void>[] = [];
  // `early`: only what has no condition (the captures named outright, friction), at once
  const look = (early?: boolean) => {
    const due = list.filter(([n, when]) => !loaded.has(n) && (!when || (!early && when(cfg, window))));
    for (const [n] of due) loaded.add(n);
    if (due.length)
      pending.push(
        Promise.all(
          due.map(([n]) =>
            chunk(n).then(
              (m) => m[n] as (o: ScriptConfig) => Plugin,
              (e) => void (DEV && warn('the capture "' + n + '" could not be loaded (' + e + '); tracking goes on without it.')),
            ),
          ),
        ).then((made) =>
          made.forEach((f) => {
            try {
              if (f) tracker.use(f(cfg));
            } catch (e) {
              DEV && warn('a capture loaded by the script tag failed to start (' + e + ').');
            }
          }),
        ),
      );
  };
  const tryLook = (early?: unknown) => {
    try {
      look(early === true);
    } catch (e) {
      DEV && warn('the script tag could not look for captures to load (' + e + ').');
    }
  };
  return [
    {
      name: 'later',
      // a tracker shut down before the load event keeps nothing more
      setup: () => stopKeeping,
      enrich(m) {
        if (m.type == 'page' && tracker && loaded.size < list.length) [0, 300, 1000, 3000].forEach((ms) => setTimeout(tryLook, ms));
      },
    },
    (t) => {
      tracker = t;
      // at once what has no condition (the first page view is tracked), then when the document
      // is ready all that it shows, together, in list order as \`capture\` installed them
      tryLook(true);
      whenReady(tryLook);
      // at the load event, the last look before page views; once what it and the looks before
      // it loaded has started (and replayed the kept clicks), nothing more is kept
      const settle = () => {
        tryLook();
        Promise.all(pending).then(stopKeeping);
      };
      if (document.readyState == 'complete') settle();
      else on(window, 'load', settle);
    },
  ];
};
