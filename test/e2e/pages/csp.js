// The strict-CSP shop page: the script tag with every capture (those it loads after its
// first event among them, by import() from /dist/script/), a GA4 dataLayer, an AJAX cart add
// through fetch, and an SPA link, all from external scripts.
(function () {
  window.dataLayer = window.dataLayer || [];
  // a Shopify shop: the script tag loads its capture, which watches the AJAX cart
  window.Shopify = { currency: { active: 'EUR' } };
  waymark(function (t) {
    window.wm = t;
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
