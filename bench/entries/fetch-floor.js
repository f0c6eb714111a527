// No SDK, but the same work the platform does for Waymark's burst, done as bare as it can be:
// the 1,000 messages of Waymark's shape (context, ids, ISO timestamp) built, serialised and
// sent in batches of 500 by fetch, as text/plain, in the task after the calls. No storage,
// no masking, no retries: what sending these bytes costs the page before any SDK work.
let endpoint;
let queue = [];
const anonymousId = crypto.randomUUID();
const sessionId = crypto.randomUUID();
const send = () => {
  const all = queue;
  queue = [];
  for (let i = 0; i < all.length; i += 500)
    fetch(endpoint, {
      method: 'POST',
      body: '{"batch":[' + all.slice(i, i + 500).join(',') + '],"sentAt":"' + new Date().toISOString() + '"}',
      headers: { 'Content-Type': 'text/plain' },
      credentials: 'omit',
      mode: 'cors',
    });
};
window.bench = {
  init({ origin }) {
    endpoint = origin + '/v1/batch';
  },
  track(event, properties) {
    const { pathname: path, search, href: url } = location;
    const message = {
      type: 'track',
      event,
      properties,
      context: {
        page: { path, referrer: document.referrer, search, title: document.title, url },
        userAgent: navigator.userAgent,
        locale: navigator.language,
        timezone: 'UTC',
        library: { name: 'floor', version: '0.1.0' },
        journey: { sessionId },
      },
      messageId: crypto.randomUUID(),
      anonymousId,
      timestamp: new Date().toISOString(),
    };
    if (queue.push(JSON.stringify(message)) == 1) setTimeout(send);
  },
};
