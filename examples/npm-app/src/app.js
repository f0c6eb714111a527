// A shop's own bundle, importing only what it uses from the npm package: the core tracker and
// one capture plugin. Everything else the package ships (the journey engine, the debug panel,
// the other captures) must not end up in dist/app.js; test/unit/treeshake.test.ts checks that.
import { createTracker } from 'waymark';
import { pageViews } from 'waymark/capture';

const tracker = createTracker({
  endpoint: 'https://collect.example.com/v1/batch',
  writeKey: 'npm-app',
  plugins: [pageViews()],
});

for (const button of document.querySelectorAll('[data-sku]'))
  button.addEventListener('click', () =>
    tracker.track('Product Added', { product_id: button.dataset.sku, price: Number(button.dataset.price), currency: 'EUR', quantity: 1 }),
  );
