// A Shopify-style theme: adds to the cart with the AJAX cart API, by fetch ("Add to cart")
// or by XMLHttpRequest ("Quick add"), removes with /cart/change.js, and posts a plain form
// to /cart/add for the socks. Waymark watches all of it without changing a thing.
(function () {
  window.Shopify = { currency: { active: 'EUR' } };
  var show = function (text) {
    document.getElementById('result').textContent = text;
  };
  var json = function (url, body) {
    return fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).then(function (r) {
      return r.json();
    });
  };
  document.addEventListener('click', function (e) {
    var b = e.target.closest('button');
    var variant = b && Number(b.getAttribute('data-variant'));
    if (!b) return;
    if (b.id == 'add-fetch')
      json('/cart/add.js', { id: variant, quantity: 1 }).then(function (line) {
        show('Added ' + line.title);
      });
    if (b.id == 'add-xhr') {
      var x = new XMLHttpRequest();
      x.open('POST', '/cart/add.js');
      x.setRequestHeader('Content-Type', 'application/x-www-form-urlencoded');
      x.onload = function () {
        show('Added ' + JSON.parse(x.responseText).title);
      };
      x.send('id=' + variant + '&quantity=1');
    }
    if (b.id == 'remove')
      json('/cart/change.js', { id: variant + ':k', quantity: 0 }).then(function (cart) {
        show(cart.item_count + ' items left');
      });
  });
})();
