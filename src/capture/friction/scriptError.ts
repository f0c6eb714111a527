import type { Report } from './friction.js';
import { on } from '../../lib/on.js';
import { guarded } from '../guarded.js';
import { scrubMessage } from './scrubMessage.js';

/**
 * Sends "Script Error" for uncaught errors and unhandled rejections: `message` (see
 * {@link scrubMessage}), `source` (the script's URL without its query), `line` and `party`: `first` for a script of the page's origin, else `third` (also for the bare "Script
 * error." a browser gives for another origin's script without CORS). Once per message per
 * page.
 */
export const scriptError = (report: Report): (() => void) => {
  const send = guarded('friction()', (e: Event) => {
    const { message, filename, lineno, reason: r } = e as ErrorEvent & PromiseRejectionEvent;
    const rejected = e.type != 'error';
    // a resource that failed to load (an image, a script tag) is no ErrorEvent: no message
    if (!rejected && typeof message != 'string') return;
    // where a rejection was thrown: the first frame of its stack that names a script
    const [, file, line] = rejected ? /(\w+:\/\/[^\s()]+):(\d+):\d+/.exec(r?.stack) || [] : [, filename, lineno];
    const m = scrubMessage(rejected ? (r instanceof Error ? r.name + ': ' + r.message : 'Unhandled rejection: ' + r) : message);
    const source = ('' + (file || '')).split(/[?#]/)[0]!;
    report('Script Error', { message: m, source: source || undefined, line: +line! || undefined, party: source.indexOf(location.origin + '/') ? 'third' : 'first' }, 0, m);
  });
  const offs = [on(window, 'error', send), on(window, 'unhandledrejection', send)];
  return () => offs.forEach((off) => off());
};
