// Sends a page view and a "Product Added" on each click to the local collector.
const waymark = Waymark.createTracker({ endpoint: location.origin + '/v1/batch' });
waymark.page();
document.getElementById('add').addEventListener('click', () =>
  waymark.track('Product Added', { product_id: 'sku-1', price: 20, currency: 'EUR', quantity: 1 }),
);
