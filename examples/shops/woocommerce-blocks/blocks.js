// A WooCommerce block theme's cart and checkout, as the Cart and Checkout blocks talk to the
// Store API: through WordPress's apiFetch (window.wp.apiFetch, from @wordpress/api-fetch), with
// the root URL and nonce middlewares WordPress sets up; quantity changes and removals batched
// through /wc/store/v1/batch as the blocks batch them. Waymark watches without changing a thing.
(function () {
  var apiFetch = window.wp.apiFetch;
  apiFetch.use(apiFetch.createRootURLMiddleware('/wp-json/'));
  apiFetch.use(apiFetch.createNonceMiddleware('1db1d13784'));
  var store = function (path, data) {
    return apiFetch({ path: '/wc/store/v1/' + path, method: 'POST', data: data, cache: 'no-store' });
  };
  var batch = function (requests) {
    return store('batch', { requests: requests.map(function (r) { return { path: '/wc/store/v1/' + r[0], method: 'POST', cache: 'no-store', body: r[1], headers: { Nonce: '1db1d13784' } }; }) });
  };
  var actions = {
    add: function () { return store('cart/add-item', { id: 38, quantity: 1 }); },
    'add-sock': function () { return store('cart/add-item', { id: 22, quantity: 1 }); },
    qty: function () { return batch([['cart/update-item', { key: 'k38', quantity: 2 }]]); },
    remove: function () { return store('cart/remove-item', { key: 'k22' }); },
    coupon: function () { return store('cart/apply-coupon', { code: 'summer10' }); },
    empty: function () { return batch([['cart/remove-item', { key: 'k38' }], ['cart/remove-item', { key: 'k22' }]]); },
    'place-order': function () {
      return store('checkout', { billing_address: { first_name: 'Ada', last_name: 'Lovelace', address_1: 'Hauptstr. 1', city: 'Berlin', postcode: '10115', country: 'DE', email: 'ada@example.com' }, shipping_address: { first_name: 'Ada', last_name: 'Lovelace', address_1: 'Hauptstr. 1', city: 'Berlin', postcode: '10115', country: 'DE' }, payment_method: 'cheque', payment_data: [] }).then(function (order) {
        location.href = order.payment_result.redirect_url;
        return order;
      });
    },
  };
  document.addEventListener('click', function (e) {
    var b = e.target.closest('button');
    var act = b && actions[b.id];
    if (act) act().then(function (r) { document.getElementById('result').textContent = 'done ' + b.id + ' ' + (r.items_count != null ? r.items_count : ''); });
  });
  // the Cart block reads the cart when it renders
  if (document.querySelector('[data-block="cart"]')) apiFetch({ path: '/wc/store/v1/cart' });
})();
