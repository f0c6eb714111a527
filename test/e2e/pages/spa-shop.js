// A single-page shop: routes change with history.pushState and render 150 ms later (data
// fetched, then drawn), each product route with its schema.org JSON-LD and an add-to-cart
// button declared with data-wm-* attributes; the checkout is one page whose steps are URLs.
(function () {
  var base = '/test/e2e/pages/spa-shop';
  var products = {
    trail: { sku: 'TRAIL', name: 'Trail shoe', price: '59.90' },
    sock: { sku: 'SOCK', name: 'Wool sock', price: '4.50' },
  };

  var render = function () {
    var route = location.pathname.slice(base.length);
    var view = document.getElementById('view');
    var ld = document.getElementById('ld');
    if (ld) ld.remove();
    var m = /^\/p\/(\w+)/.exec(route);
    var p = m && products[m[1]];
    if (!p) {
      view.textContent = route.indexOf('/checkouts/') == 0 ? 'Checkout ' + location.search : 'Home';
      return;
    }
    var s = document.createElement('script');
    s.type = 'application/ld+json';
    s.id = 'ld';
    s.textContent = JSON.stringify({
      '@context': 'https://schema.org',
      '@type': 'Product',
      sku: p.sku,
      name: p.name,
      offers: { '@type': 'Offer', price: p.price, priceCurrency: 'EUR' },
    });
    document.head.append(s);
    view.textContent = '';
    var block = document.createElement('div');
    block.setAttribute('data-wm-product', p.sku);
    block.setAttribute('data-wm-name', p.name);
    block.setAttribute('data-wm-price', p.price);
    block.setAttribute('data-wm-currency', 'EUR');
    var add = document.createElement('button');
    add.id = 'add';
    add.textContent = 'Add to cart';
    add.setAttribute('data-wm-click', 'Product Added');
    block.append(add);
    view.append(block);
  };

  window.go = function (url) {
    history.pushState(null, '', url);
    setTimeout(render, 150);
  };
  addEventListener('popstate', function () {
    setTimeout(render, 150);
  });
  document.addEventListener('click', function (e) {
    var a = e.target.closest && e.target.closest('a');
    if (!a) return;
    e.preventDefault();
    window.go(a.href);
  });
})();
