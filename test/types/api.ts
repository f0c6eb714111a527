// Type tests of the public API: every line must type-check, and every `@ts-expect-error` line
// must be an error (tsc fails on an unused one). Checked by `tsc -p tsconfig.test.json`, which
// `npm test` runs; nothing here is executed.
import { createTracker, type Consent, type Plugin, type Tracker, type TrackerConfig, type Transport } from '../../src/index.js';

const transport: Transport = async () => ({ status: 200 });

// "endpoint or transport": either one is enough, both are fine
createTracker({ endpoint: 'https://collect.example.com/v1/batch' });
createTracker({ endpoint: '/v1/batch', writeKey: 'k' });
createTracker({ transport });
createTracker({ transport, endpoint: 'https://collect.example.com/v1/batch', batchSize: 10 });
// @ts-expect-error: neither an endpoint nor a transport
createTracker({});
// @ts-expect-error: options alone say nowhere to send
createTracker({ writeKey: 'k', flushInterval: 100 });
// @ts-expect-error: endpoint is a string
createTracker({ endpoint: 42 });
// @ts-expect-error: transport is a function
createTracker({ transport: 'fetch' });
// @ts-expect-error: no such storage
createTracker({ endpoint: '/v1/batch', storage: 'cookie' });

// Consent is exported, and only its three states pass
const state: Consent = 'pending';
const t: Tracker = createTracker({ endpoint: '/v1/batch', consent: state });
t.consent('granted');
// @ts-expect-error: not a consent state
t.consent('yes');
// @ts-expect-error: not a consent state
createTracker({ endpoint: '/v1/batch', consent: 'maybe' });

// calls
t.track('Product Added', { product_id: 'p1', price: 20 });
t.page();
t.page('Home', { section: 'top' });
t.identify('u1', { plan: 'pro' });
t.identify(null);
t.group('acme-gmbh', { plan: 'b2b' });
t.alias('customer-42');
t.alias('customer-42', 'guest-7', { timestamp: new Date() });
// @ts-expect-error: a group id is required
t.group();
// @ts-expect-error: alias takes the new user id first
t.alias({ userId: 'u1' });
// @ts-expect-error: an event name is required
t.track();
// @ts-expect-error: properties are an object
t.track('X', 'not properties');
const id: string = t.anonymousId();
const flushed: Promise<void> = t.flush();

// plugins
const plugin: Plugin = { name: 'p', setup: (api) => () => api.track('Set Up'), enrich: (m) => (m.event == 'x' ? false : undefined) };
const config: TrackerConfig = { endpoint: '/v1/batch', plugins: [plugin] };
createTracker(config);
// @ts-expect-error: a plugin has a name
createTracker({ endpoint: '/v1/batch', plugins: [{ setup() {} }] });

export { id, flushed };
