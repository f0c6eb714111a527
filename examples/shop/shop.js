// The demo shop's own script: a cart in localStorage, a three-step checkout, orders, reviews and
// an account, reporting each step to Waymark with the canonical e-commerce events.
//
// The first line is the Waymark snippet's stub. It sits in this external file, not in an inline
// <script>, so the pages keep a strict Content-Security-Policy (script-src 'self'). Calls made
// before the async SDK arrives are queued on waymark.q and replayed by the SDK, in order.
window.waymark = window.waymark || function () { (waymark.q = waymark.q || []).push(arguments); };

(function () {
  var catalog = window.SHOP_CATALOG || {};
  var page = document.body.getAttribute('data-page');
  var $ = function (sel) { return document.querySelector(sel); };
  var $$ = function (sel) { return Array.prototype.slice.call(document.querySelectorAll(sel)); };
  var load = function (key, dflt) {
    try { return JSON.parse(localStorage.getItem(key)) || dflt; } catch (e) { return dflt; }
  };
  var save = function (key, value) { localStorage.setItem(key, JSON.stringify(value)); };
  var id = function (prefix) { return prefix + '-' + Date.now().toString(36) + Math.random().toString(36).slice(2, 6); };
  var money = function (n) { return '€' + n.toFixed(2); };

  var cart = function () { return load('shop-cart', { cart_id: id('cart'), items: [] }); };
  var value = function (c) { return c.items.reduce(function (s, i) { return s + i.price * i.quantity; }, 0); };
  var products = function (c) {
    return c.items.map(function (i, n) {
      return { product_id: i.product_id, sku: i.sku, name: i.name, price: i.price, quantity: i.quantity, position: n + 1 };
    });
  };
  var cartProps = function (c) { return { cart_id: c.cart_id, value: value(c), currency: 'EUR', products: products(c) }; };
  // Leave after the SDK has had a task to write the event to IndexedDB; what a fast
  // navigation still races is sent by the unload beacon or by the next page.
  var go = function (url) { setTimeout(function () { location.href = url; }, 150); };

  var showCount = function () {
    var n = cart().items.reduce(function (s, i) { return s + i.quantity; }, 0);
    $$('.cart-count').forEach(function (el) { el.textContent = String(n); });
  };

  var add = function (productId, quantity) {
    var p = catalog[productId];
    if (!p) return;
    var c = cart();
    var line = c.items.filter(function (i) { return i.product_id == productId; })[0];
    if (line) line.quantity += quantity;
    else c.items.push({ product_id: p.product_id, sku: p.sku, name: p.name, price: p.price, quantity: quantity });
    save('shop-cart', c);
    waymark('track', 'Product Added', {
      cart_id: c.cart_id, product_id: p.product_id, sku: p.sku, name: p.name, category: p.category,
      price: p.price, currency: p.currency, quantity: quantity,
    });
    showCount();
  };

  $$('[data-add]').forEach(function (b) {
    b.addEventListener('click', function () {
      add(b.getAttribute('data-add'), 1);
      b.textContent = 'Added ✓';
    });
  });

  var pages = {
    category: function () {
      var list = $$('[data-product-card]').map(function (el, n) {
        var p = catalog[el.getAttribute('data-product-card')];
        return { product_id: p.product_id, sku: p.sku, name: p.name, price: p.price, position: n + 1 };
      });
      waymark('track', 'Product List Viewed', { list_id: 'all', category: 'All products', products: list });
    },

    product: function () {
      var p = catalog[document.body.getAttribute('data-product')];
      waymark('track', 'Product Viewed', {
        product_id: p.product_id, sku: p.sku, name: p.name, category: p.category, price: p.price, currency: p.currency,
      });
      var form = $('#review');
      form.addEventListener('submit', function (e) {
        e.preventDefault();
        waymark('track', 'Product Reviewed', {
          product_id: p.product_id, review_id: id('review'), rating: Number(form.rating.value), review_body: form.body.value,
        });
        form.classList.add('hidden');
        $('#review-thanks').classList.remove('hidden');
      });
      $('#share').addEventListener('click', function () {
        waymark('track', 'Product Shared', { product_id: p.product_id, share_via: 'link' });
        $('#share').textContent = 'Link copied ✓';
      });
    },

    cart: function () {
      var render = function () {
        var c = cart();
        var body = $('#cart-lines');
        body.textContent = '';
        c.items.forEach(function (i) {
          var tr = document.createElement('tr');
          [i.name, String(i.quantity), money(i.price * i.quantity)].forEach(function (t) {
            var td = document.createElement('td');
            td.textContent = t;
            tr.appendChild(td);
          });
          var td = document.createElement('td');
          var rm = document.createElement('button');
          rm.className = 'secondary';
          rm.textContent = 'Remove';
          rm.setAttribute('data-remove', i.product_id);
          rm.addEventListener('click', function () {
            var now = cart();
            now.items = now.items.filter(function (x) { return x.product_id != i.product_id; });
            save('shop-cart', now);
            waymark('track', 'Product Removed', {
              cart_id: now.cart_id, product_id: i.product_id, sku: i.sku, name: i.name, price: i.price, quantity: i.quantity,
            });
            render();
            showCount();
          });
          td.appendChild(rm);
          tr.appendChild(td);
          body.appendChild(tr);
        });
        $('#cart-total').textContent = money(value(c));
        $('#cart-empty').classList.toggle('hidden', c.items.length > 0);
        $('#to-checkout').classList.toggle('hidden', c.items.length == 0);
      };
      render();
      waymark('track', 'Cart Viewed', cartProps(cart()));
    },

    checkout: function () {
      var c = cart();
      if (!c.items.length) return location.replace('cart.html');
      var step = Number(document.body.getAttribute('data-step'));
      var names = ['shipping', 'payment', 'review'];
      var next = ['checkout-payment.html', 'checkout-review.html', null][step - 1];
      var checkoutId = sessionStorage.getItem('shop-checkout');
      if (step == 1 && load('shop-checkout-cart', '') != c.cart_id) {
        checkoutId = id('checkout');
        sessionStorage.setItem('shop-checkout', checkoutId);
        save('shop-checkout-cart', c.cart_id);
        var started = cartProps(c);
        started.checkout_id = checkoutId;
        waymark('track', 'Checkout Started', started);
      }
      waymark('track', 'Checkout Step Viewed', { checkout_id: checkoutId, step: step, step_name: names[step - 1] });
      $$('.order-total').forEach(function (el) { el.textContent = money(value(c)); });
      var form = $('#step');
      form.addEventListener('submit', function (e) {
        e.preventDefault();
        var done = { checkout_id: checkoutId, step: step, step_name: names[step - 1] };
        if (step == 1) done.shipping_method = form.shipping.value;
        if (step == 2) {
          done.payment_method = form.method.value;
          waymark('track', 'Payment Info Entered', { checkout_id: checkoutId, step: 2, payment_method: form.method.value });
        }
        waymark('track', 'Checkout Step Completed', done);
        if (next) return go(next);
        var orders = load('shop-orders', []);
        var order = { order_id: id('order'), checkout_id: checkoutId, revenue: value(c), currency: 'EUR', products: products(c), reported: false };
        orders.push(order);
        save('shop-orders', orders);
        localStorage.removeItem('shop-cart');
        localStorage.removeItem('shop-checkout-cart');
        go('thank-you.html?order=' + order.order_id);
      });
    },

    thanks: function () {
      var orderId = new URLSearchParams(location.search).get('order');
      var orders = load('shop-orders', []);
      var order = orders.filter(function (o) { return o.order_id == orderId; })[0];
      if (!order) return;
      $('#order-id').textContent = order.order_id;
      $('#order-total').textContent = money(order.revenue);
      // Reloading the thank-you page must not report the order twice.
      if (order.reported) return;
      waymark('track', 'Order Completed', {
        order_id: order.order_id, checkout_id: order.checkout_id, revenue: order.revenue, total: order.revenue,
        currency: order.currency, products: order.products,
      });
      order.reported = true;
      save('shop-orders', orders);
    },

    account: function () {
      var user = load('shop-user', null);
      var orders = load('shop-orders', []);
      var show = function () {
        $('#login').classList.toggle('hidden', !!user);
        $('#profile').classList.toggle('hidden', !user);
        if (user) $('#user-name').textContent = user.name;
        var list = $('#orders');
        list.textContent = '';
        orders.forEach(function (o) {
          var li = document.createElement('li');
          li.textContent = o.order_id + ' · ' + money(o.revenue);
          list.appendChild(li);
        });
        $('#no-orders').classList.toggle('hidden', orders.length > 0);
      };
      $('#login').addEventListener('submit', function (e) {
        e.preventDefault();
        var name = $('#login').name.value.trim() || 'Guest';
        user = { id: 'customer-' + name.toLowerCase().replace(/[^a-z0-9]+/g, '-'), name: name };
        save('shop-user', user);
        waymark('identify', user.id, { name: name, orders: orders.length });
        show();
      });
      $('#reorder').addEventListener('click', function () {
        var last = orders[orders.length - 1];
        if (!last) return;
        last.products.forEach(function (p) { add(p.product_id, p.quantity); });
        go('cart.html');
      });
      show();
    },
  };

  showCount();
  if (pages[page]) pages[page]();
})();
