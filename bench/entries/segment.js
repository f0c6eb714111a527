// Segment analytics-next from npm. Settings are given inline (cdnSettings), so nothing is
// fetched from Segment's CDN; the Segment.io destination posts to the local collector.
// `batching: true` switches on its batching strategy (sized like Waymark's defaults);
// without it, Segment's default, one request per event. Its retry queue, which keeps
// unsent events in localStorage across reloads, is on by default (retryQueue: true), but
// the batching strategy holds its batch in memory.
import { AnalyticsBrowser } from '@segment/analytics-next';

let analytics;
window.bench = {
  async init({ origin, batching }) {
    analytics = AnalyticsBrowser.load(
      {
        writeKey: 'bench',
        cdnSettings: {
          integrations: {
            'Segment.io': {
              apiKey: 'bench',
              apiHost: origin.replace(/^https?:\/\//, '') + '/v1',
              protocol: 'http',
              ...(batching ? { deliveryStrategy: { strategy: 'batching', config: { size: 500, timeout: 2000 } } } : {}),
            },
          },
        },
      },
      { retryQueue: true },
    );
    await analytics;
  },
  track: (event, properties) => analytics.track(event, properties),
};
