// RudderStack v3 from npm, the `bundled` entry: its default entry loads its plugins from a
// CDN at run time and, with no internet, delivers nothing. The source config is given
// inline, so nothing is fetched. Its XhrQueue plugin keeps unsent events in localStorage
// (default); batching is switched on and sized like Waymark's defaults.
import { RudderAnalytics } from '@rudderstack/analytics-js/bundled';

let rudder;
window.bench = {
  init: ({ origin }) =>
    new Promise((resolve) => {
      rudder = new RudderAnalytics();
      rudder.load('bench', origin, {
        getSourceConfig: () => ({
          source: { id: 'bench', name: 'bench', workspaceId: 'bench', enabled: true, config: {}, destinations: [] },
        }),
        queueOptions: { batch: { enabled: true, maxItems: 500, flushInterval: 2000 } },
        onLoaded: () => resolve(),
      });
    }),
  track: (event, properties) => rudder.track(event, properties),
};
