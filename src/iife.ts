// The script tag: the core, page views, abandonment and the journey stages, under one global,
// `Waymark`. Every other capture is an ES module of its own in dist/script/, loaded by import()
// from beside this file once the page shows what it reads (src/script/later.ts): import() is
// covered by a CSP's script-src ('self' or the CDN's host) and needs no Trusted Types policy.
export { createTracker } from './createTracker.js';
export { pageViews } from './capture/pageViews.js';
export { abandonment } from './capture/abandonment.js';
export { journey } from './journey/journey.js';

// Runs the script tag: reads its data- attributes, installs the plugins above by name, loads
// the others, and replays the calls queued before the SDK arrived.
import * as self from './iife.js';
import { boot } from './script/boot.js';
import { provided } from './script/provided.js';
import { VERSION } from './version.js';
// The split files take these helpers from here rather than carrying copies (the symbol's name
// is scripts/fromLoader.mjs's KEY); one per version, so a file of another version finds none.
(globalThis as Record<symbol, unknown>)[Symbol.for('waymark.loader ' + VERSION)] = provided;
// Read now: document.currentScript is this script only while it runs.
const src = (document.currentScript as HTMLScriptElement | null)?.src;
boot(self, async (name) => import(new URL('script/' + name + '.js', src).href));
