import { json, parseBody } from './parseBody.js';
import { requestAnswers } from './requestAnswers.js';
import { wrap } from './wrap.js';

/** Told of a successful request to a watched URL: its URL, parsed body and JSON answer. */
export type RequestSeen = (url: string, body: Record<string, unknown>, response: unknown) => void;

/** The URL pattern a plugin watches, and what it is told. */
type Watcher = [RegExp, RequestSeen];

const watchers = /* @__PURE__ */ new Set<Watcher>();
let unpatch: (() => void) | undefined;

// True when a watcher wants `url`: only then is anything read.
const watched = (url: string) => [...watchers].some((w) => w[0].test(url));

// Tells those who hear every answer, then, for a 2xx, the watchers of `url`; a listener that
// throws never reaches the page.
const report = (url: string, status: number, body?: unknown, response?: unknown) =>
  [...requestAnswers, ...watchers].forEach((w) => {
    try {
      if (typeof w == 'function') w(url, status, response);
      else if (/^2/.test('' + status) && w[0].test(url)) w[1](url, parseBody(body), response);
    } catch {
      // a malformed platform answer: nothing to report
    }
  });

// fetch and XHR are wrapped once, however many plugins watch, so plugins can be removed in
// any order.
const patch = () => {
  const X = XMLHttpRequest.prototype;
  const urls = new WeakMap<XMLHttpRequest, string>();
  const offs = [
    // The page's call goes through untouched: same arguments, same `this`, the very promise
    // fetch returned (so the same response and the same rejection). The body is read from a
    // clone, in a chain of our own whose failures are swallowed.
    wrap(
      window,
      'fetch',
      (F) =>
        function (this: unknown, ...a: Parameters<typeof fetch>) {
          let hit: unknown;
          let url = '';
          let body: unknown;
          try {
            const [input, init] = a;
            const req = input instanceof Request;
            url = req ? input.url : String(input);
            hit = watched(url);
            if (hit) body = init?.body ?? (req ? input.clone().text() : undefined);
          } catch {
            hit = 0;
          }
          const p = F.apply(this, a);
          if (hit)
            // cloned in the first reaction to the response, before the page can read its body
            p.then(
              (r) => Promise.all([body, r.clone().text()]).then(([b, t]) => report(url, r.status, b, json(t))),
              // no answer (an abort is the page's own choice)
              (e) => e?.name != 'AbortError' && report(url, 0),
            ).catch(() => {});
          return p;
        },
    ),
    wrap(
      X,
      'open',
      (open) =>
        function (this: XMLHttpRequest, ...a: Parameters<typeof open>) {
          try {
            urls.set(this, String(a[1]));
          } catch {
            // not an XHR: the real open() below throws the page's own error
          }
          return open.apply(this, a);
        } as typeof open,
    ),
    wrap(
      X,
      'send',
      (send) =>
        function (this: XMLHttpRequest, ...a: Parameters<typeof send>) {
          const url = urls.get(this) || '';
          if (watched(url)) {
            this.addEventListener('load', () => {
              const t = this.responseType;
              try {
                report(url, this.status, a[0], t == 'json' ? this.response : t ? undefined : json(this.responseText));
              } catch {
                // a response type whose text cannot be read
              }
            });
            // no answer: a network error or a timeout (an abort is the page's own choice)
            this.addEventListener('error', () => report(url, 0));
            this.addEventListener('timeout', () => report(url, 0));
          }
          return send.apply(this, a);
        },
    ),
  ];
  return () => offs.forEach((off) => off());
};

/**
 * Calls `seen` after every successful fetch or XMLHttpRequest whose URL matches `url`, with
 * the request body and the JSON response, without changing anything the page sees; every
 * answer to a watched request, successful or not, also goes to {@link requestAnswers}.
 * Returns the function that stops watching (the last one out restores fetch and XHR).
 */
export const observeRequests = (url: RegExp, seen: RequestSeen): (() => void) => {
  const w: Watcher = [url, seen];
  watchers.add(w);
  unpatch ||= patch();
  return () => {
    watchers.delete(w);
    if (!watchers.size && unpatch) unpatch(), (unpatch = undefined);
  };
};
