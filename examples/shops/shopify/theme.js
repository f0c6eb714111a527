// A Shopify theme's cart code, as themes use Shopify's published client (@shopify/theme-cart,
// served from node_modules): add, change by line (updateItem resolves the key to its line, then
// posts /cart/change.js { line, quantity }), remove, note, clear; the discount code as Dawn
// applies it (/cart/update.js { discount }). Waymark watches it without changing a thing.
(function () {
  window.Shopify.currency = { active: 'EUR' };
  var cart = window.Shopify.theme.cart;
  var actions = {
    'tc-add': function () { return cart.addItem(40001, { quantity: 1 }); },
    'tc-add-sock': function () { return cart.addItem(40002, { quantity: 1 }); },
    'tc-qty': function () { return cart.updateItem('40001:k', { quantity: 2 }); },
    'tc-remove': function () { return cart.removeItem('40002:k'); },
    'tc-note': function () { return cart.updateNote('Please gift wrap'); },
    'tc-clear': function () { return cart.clearItems(); },
    'tc-discount': function () {
      return fetch('/cart/update.js', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ discount: 'SUMMER10' }) }).then(function (r) { return r.json(); });
    },
  };
  document.addEventListener('click', function (e) {
    var b = e.target.closest('button');
    var act = b && actions[b.id];
    if (act) act().then(function (c) { document.getElementById('result').textContent = 'done ' + b.id + ' ' + (c.item_count != null ? c.item_count : c.quantity); });
  });
})();
