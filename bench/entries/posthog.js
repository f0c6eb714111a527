// PostHog from npm. Pointed at the collector, with remote flags/config off (there is no
// PostHog server here) and its bot filter off (it drops every event from headless Chromium).
// Automatic captures are off so that, like Waymark core, it sends only the events we track.
// Request batching is on by default; its flush interval is set to Waymark's 2 s. PostHog
// keeps unsent events in memory only (it has no persistent event queue to switch on).
// `raised: true` lifts the client-side rate limit (default 10 events/s, burst 100).
import posthog from 'posthog-js';

window.bench = {
  init: ({ origin, raised }) =>
    new Promise((resolve) => {
      posthog.init('phc_bench', {
        api_host: origin,
        advanced_disable_flags: true,
        opt_out_useragent_filter: true,
        autocapture: false,
        capture_pageview: false,
        capture_pageleave: false,
        disable_session_recording: true,
        disable_surveys: true,
        request_batching: true,
        request_queue_config: { flush_interval_ms: 2000 },
        ...(raised ? { rate_limiting: { events_per_second: 10000, events_burst_limit: 10000 } } : {}),
        loaded: () => resolve(),
      });
    }),
  track: (event, properties) => posthog.capture(event, properties),
};
