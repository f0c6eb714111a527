// The demo shop's own script: its cart in localStorage, a three-step checkout, orders, reviews
// and an account. It reports almost nothing itself: Waymark's captures read the product pages'
// JSON-LD, the data-wm-* attributes on lists and buttons, and the checkout's URLs (see the
// script tag's data- attributes). What no markup can say, it reports with waymark(): the
// payment method, a review's rating, and who signed in.
//
// The first line is the Waymark snippet's stub. It sits in this external file, not in an inline
// <script>, so the pages keep a strict Content-Security-Policy (script-src 'self'). Calls made
// before the async SDK arrives are queued on waymark.q and replayed by the SDK, in order.
window.waymark = window.waymark || function () { (waymark.q = waymark.q || []).push(arguments); };
// The AJAX cart below is Shopify's (/cart/add.js), and so is the global every Shopify theme
// has: by it the script tag knows to load its Shopify capture, which watches that cart.
window.Shopify = window.Shopify || {};

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
  var luhn = function (digits) {
    var sum = 0;
    for (var i = digits.length - 1, odd = 0; i >= 0; i--, odd ^= 1) {
      var d = Number(digits[i]) * (odd + 1);
      sum += d > 9 ? d - 9 : d;
    }
    return digits.length >= 12 && sum % 10 == 0;
  };
  var cart = function () { return load('shop-cart', { items: [] }); };
  var value = function (c) { return c.items.reduce(function (s, i) { return s + i.price * i.quantity; }, 0); };
  // Leave after the SDK has had a task to write the last event to IndexedDB; what a fast
  // navigation still races is sent by the unload beacon or by the next page.
  var go = function (url) { setTimeout(function () { location.href = url; }, 150); };

  var showCount = function () {
    var n = cart().items.reduce(function (s, i) { return s + i.quantity; }, 0);
    $$('.cart-count').forEach(function (el) { el.textContent = String(n); });
  };

  // The shop's cart. Waymark sees the same click through the button's data-wm-click.
  $$('[data-add]').forEach(function (b) {
    b.addEventListener('click', function () {
      var key = b.getAttribute('data-add');
      var p = catalog[key];
      var c = cart();
      var line = c.items.filter(function (i) { return i.key == key; })[0];
      if (line) line.quantity += 1;
      else c.items.push({ key: key, product_id: p.product_id, name: p.name, price: p.price, quantity: 1 });
      save('shop-cart', c);
      b.textContent = 'Added ✓';
      showCount();
    });
  });

  var pages = {
    product: function () {
      var p = catalog[document.body.getAttribute('data-product')];
      // The 3-pack goes through a Shopify-style AJAX cart, which answers 422 "sold out".
      var pack = $('#add-pack');
      if (pack)
        pack.addEventListener('click', function () {
          fetch('/cart/add.js', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ id: pack.getAttribute('data-variant'), quantity: 1 }) })
            .then(function (r) { return r.json().then(function (b) { $('#pack-status').textContent = r.ok ? 'Added ✓' : b.description || 'Please try again.'; }); })
            .catch(function () { $('#pack-status').textContent = 'Please try again.'; });
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
      $('#share').addEventListener('click', function () { $('#share').textContent = 'Link copied ✓'; });
    },

    cart: function () {
      var render = function () {
        var c = cart();
        var body = $('#cart-lines');
        body.textContent = '';
        c.items.forEach(function (i) {
          var tr = document.createElement('tr');
          // A product block for Waymark: the Remove button's event carries this line.
          tr.setAttribute('data-wm-product', i.product_id);
          tr.setAttribute('data-wm-name', i.name);
          tr.setAttribute('data-wm-price', String(i.price));
          tr.setAttribute('data-wm-quantity', String(i.quantity));
          tr.setAttribute('data-wm-currency', 'EUR');
          [i.name, String(i.quantity), money(i.price * i.quantity)].forEach(function (t) {
            var td = document.createElement('td');
            td.textContent = t;
            tr.appendChild(td);
          });
          var td = document.createElement('td');
          var rm = document.createElement('button');
          rm.className = 'secondary';
          rm.textContent = 'Remove';
          rm.setAttribute('data-wm-click', 'Product Removed');
          rm.addEventListener('click', function () {
            var now = cart();
            now.items = now.items.filter(function (x) { return x.key != i.key; });
            save('shop-cart', now);
            // after this click has reached Waymark's listener, which reads the row
            setTimeout(function () { render(); showCount(); }, 0);
          });
          td.appendChild(rm);
          tr.appendChild(td);
          body.appendChild(tr);
        });
        $('#cart-total').textContent = money(value(c));
        $('#coupon').classList.toggle('hidden', c.items.length == 0);
        $('#cart-empty').classList.toggle('hidden', c.items.length > 0);
        $('#to-checkout').classList.toggle('hidden', c.items.length == 0);
      };
      render();
      // A known bug, kept for the demo's friction signals: an unknown code has no entry, and
      // reading its percentage throws (a Script Error on the cart page).
      var COUPONS = { WELCOME10: { percent: 10 } };
      $('#coupon').addEventListener('submit', function (e) {
        e.preventDefault();
        var coupon = COUPONS[$('#coupon').code.value.trim().toUpperCase()];
        $('#coupon-status').textContent = 'Coupon applied: -' + coupon.percent + '%';
      });
    },

    checkout: function () {
      var c = cart();
      if (!c.items.length) return location.replace('cart.html');
      var step = Number(document.body.getAttribute('data-step'));
      var next = ['checkout-payment.html', 'checkout-review.html', null][step - 1];
      $$('.order-total').forEach(function (el) { el.textContent = money(value(c)); });
      var form = $('#step');
      // Step 3: the Pay button stays disabled until the terms are accepted.
      var terms = function () { $('#place-order').disabled = !form.terms.checked; };
      if (form.terms) form.terms.addEventListener('change', terms), terms();
      form.addEventListener('submit', function (e) {
        e.preventDefault();
        // Step 2: the card number must pass the Luhn check; the field says so (aria-invalid).
        if (form.card) {
          var ok = luhn(form.card.value.replace(/\D/g, ''));
          form.card.setAttribute('aria-invalid', String(!ok));
          $('#card-error').classList.toggle('hidden', ok);
          if (!ok) return;
        }
        if (step == 2) waymark('track', 'Payment Info Entered', { step: 2, step_name: 'payment', payment_method: form.method.value });
        if (next) return go(next);
        var orders = load('shop-orders', []);
        var order = { order_id: id('order'), revenue: value(c), items: c.items };
        orders.push(order);
        save('shop-orders', orders);
        localStorage.removeItem('shop-cart');
        go('thank-you.html?order=' + order.order_id);
      });
    },

    thanks: function () {
      var orderId = new URLSearchParams(location.search).get('order');
      var order = load('shop-orders', []).filter(function (o) { return o.order_id == orderId; })[0];
      if (!order) return;
      $('#order-id').textContent = order.order_id;
      $('#order-total').textContent = money(order.revenue);
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
      show();
    },
  };

  showCount();
  if (pages[page]) pages[page]();
})();
