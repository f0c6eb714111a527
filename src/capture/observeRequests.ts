import { parseBody } from './parseBody.js';

/** Told of a successful request to a watched URL: its URL, parsed body and JSON answer. */
export type RequestSeen = (url: string, body: Record<string, unknown>, response: unknown) => void;

/** The URL pattern a plugin watches, and what it is told. */
type Watcher = [RegExp, RequestSeen];

const watchers = /* @__PURE__ */ new Set<Watcher>();
let unpatch: (() => void) | undefined;

// Calls watchers of `url` only; a watcher that throws never reaches the page.
const report = (hit: Watcher[], url: string, body: unknown, response: unknown) =>
  hit.forEach((w) => {
    try {
      w[1](url, parseBody(body), response);
    } catch {
      // a malformed platform answer: nothing to report
    }
  });

const json = (text: string) => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

// fetch and XHR are wrapped once, however many plugins watch, so plugins can be removed in
// any order. Teardown puts the originals back only when ours are still on top: when another
// script wrapped them since, ours stay in its chain and just call through.
const patch = () => {
  const w = window;
  const F = w.fetch;
  const X = XMLHttpRequest.prototype;
  const { open, send } = X;
  const urls = new WeakMap<XMLHttpRequest, string>();
  const watching = (url: string) => [...watchers].filter((x) => x[0].test(url));

  // The page's call goes through untouched: same arguments, same `this`, the very promise
  // fetch returned (so the same response and the same rejection). The body is read from a
  // clone, in a chain of our own whose failures are swallowed.
  function fetch(this: unknown, ...a: Parameters<typeof w.fetch>) {
    let hit: Watcher[] = [];
    let url = '';
    let body: unknown;
    try {
      const [input, init] = a;
      url = input instanceof Request ? input.url : String(input);
      hit = watching(url);
      if (hit.length) body = init && init.body != null ? init.body : input instanceof Request ? input.clone().text() : undefined;
    } catch {
      hit = [];
    }
    const p = F.apply(this, a);
    if (hit.length)
      // cloned in the first reaction to the response, before the page can read its body
      p.then((r): unknown => r.ok && Promise.all([body, r.clone().text()]).then(([b, t]) => report(hit, url, b, json(t)))).catch(() => {});
    return p;
  }
  function xopen(this: XMLHttpRequest, ...a: Parameters<typeof open>) {
    try {
      urls.set(this, String(a[1]));
    } catch {
      // not an XHR: the real open() below throws the page's own error
    }
    return open.apply(this, a);
  }
  function xsend(this: XMLHttpRequest, ...a: Parameters<typeof send>) {
    const [body] = a;
    const url = urls.get(this) || '';
    const hit = watching(url);
    if (hit.length)
      this.addEventListener('load', () => {
        try {
          if (this.status > 199 && this.status < 300)
            report(hit, url, body, this.responseType == 'json' ? this.response : this.responseType ? undefined : json(this.responseText));
        } catch {
          // a response type whose text cannot be read
        }
      });
    return send.apply(this, a);
  }
  w.fetch = fetch;
  X.open = xopen as typeof open;
  X.send = xsend;
  return () => {
    if (w.fetch === fetch) w.fetch = F;
    if (X.open === xopen) X.open = open;
    if (X.send === xsend) X.send = send;
  };
};

/**
 * Calls `seen` after every successful fetch or XMLHttpRequest whose URL matches `url`, with
 * the request body and the JSON response, without changing anything the page sees. Returns
 * the function that stops watching (the last one out restores fetch and XHR).
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
