// Waymark core as a shop's bundler would ship it: createTracker from the built package,
// with its defaults (IndexedDB outbox, batches of up to 500 or every 2 s).
import { createTracker } from '../../dist/index.js';

let waymark;
window.bench = {
  init({ origin }) {
    waymark = createTracker({ endpoint: origin + '/v1/batch' });
  },
  track: (event, properties) => waymark.track(event, properties),
};
