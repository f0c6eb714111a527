// The strict-CSP shop page: every plugin of the script-tag build, a GA4 dataLayer, an AJAX
// cart add through fetch, and an SPA link, all from external scripts.
(function () {
  var W = Waymark;
  window.dataLayer = window.dataLayer || [];
  window.wm = W.createTracker({
    endpoint: location.origin + '/v1/batch',
    flushInterval: 100,
    plugins: [W.pageViews(), W.capture(), W.webVitals(), W.journey(), W.debugPanel({ enabled: true })],
  });

  dataLayer.push({ event: 'view_item', ecommerce: { currency: 'EUR', value: 59.9, items: [{ item_id: 'SHOE-1', item_name: 'Trail shoe', price: 59.9 }] } });

  addEventListener('DOMContentLoaded', function () {
    document.getElementById('shopify-add').addEventListener('click', function () {
      fetch('/cart/add.js', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ items: [{ id: 4001, quantity: 1 }] }),
      }).then(function (r) {
        window.cartAnswer = r.status;
      });
    });
    document.getElementById('next').addEventListener('click', function (e) {
      e.preventDefault();
      history.pushState(null, '', this.href);
      document.title = 'Cart | CSP shop';
    });
  });
})();
