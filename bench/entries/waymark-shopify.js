// Waymark's script tag as a Shopify shop runs it: the page has `window.Shopify`, and the tag
// (loaded after this adapter, configured by `window.waymarkConfig`) boots itself, then loads
// its Shopify capture and what it imports from dist/script/ after its first event. The
// adapter only hands the tracker the tag made to the harness, and is not counted.
window.Shopify = { shop: 'bench.myshopify.com', currency: { active: 'EUR' } };
window.waymarkConfig = { endpoint: '/v1/batch', capture: 'pageViews,capture', journey: false };
let waymark;
window.bench = {
  init: () => new Promise((ok) => window.waymark((t) => ok((waymark = t)))),
  track: (event, properties) => waymark.track(event, properties),
};
