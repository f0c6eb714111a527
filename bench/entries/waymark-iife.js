// Waymark's script-tag build: the page loads dist/waymark.iife.js as a classic script
// (counted in the sizes); this adapter only calls its global and is not counted.
let waymark;
window.bench = {
  init({ origin }) {
    waymark = window.Waymark.createTracker({ endpoint: origin + '/v1/batch' });
  },
  track: (event, properties) => waymark.track(event, properties),
};
