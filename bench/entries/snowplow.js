// Snowplow browser tracker from npm. It has no track(name, props): a custom event is a
// self-describing event. POST is its default; its localStorage event store (on by default)
// keeps unsent events across reloads, raised to Waymark's 10,000-event bound. bufferSize
// stays at its default of 1: Snowplow has no timed flush, so a larger buffer would hold the
// tail of a burst until the next page. keepalive lets requests outlive an unloading page.
import { newTracker, trackSelfDescribingEvent } from '@snowplow/browser-tracker';

window.bench = {
  init({ origin }) {
    newTracker('sp', origin, {
      appId: 'bench',
      eventMethod: 'post',
      bufferSize: 1,
      keepalive: true,
      maxLocalStorageQueueSize: 10000,
    });
  },
  track: (event, properties) =>
    trackSelfDescribingEvent({
      event: { schema: 'iglu:com.example/bench_event/jsonschema/1-0-0', data: { event, ...properties } },
    }),
};
