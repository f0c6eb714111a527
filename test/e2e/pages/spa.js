// A tiny single-page app: links change the URL with history.pushState, the screen and its
// title are rendered afterwards (in a microtask, as frameworks do), a retired route
// redirects with replaceState, and sorting rewrites the URL with replaceState.
(function () {
  var base = '/test/e2e/pages/spa';
  var titles = { '/products': 'Products', '/p/1': 'Product 1', '/sale': 'Sale' };

  var render = function () {
    var route = location.pathname.slice(base.length);
    var title = titles[route] || 'Home';
    document.title = location.hash == '#/reviews' ? title + ' reviews' : title;
    document.getElementById('view').textContent = document.title;
  };

  var navigate = function (url) {
    history.pushState({ at: Date.now() }, '', url);
    // a retired route: the router fixes the URL in the same task
    if (location.pathname == base + '/old-sale') history.replaceState(null, '', base + '/sale');
    queueMicrotask(render);
  };

  document.addEventListener('click', function (e) {
    var a = e.target.closest && e.target.closest('a');
    if (!a || a.getAttribute('href').charAt(0) == '#') return;
    e.preventDefault();
    navigate(a.href);
  });
  addEventListener('popstate', function () {
    queueMicrotask(render);
  });
  addEventListener('hashchange', render);

  // For the test: sort the list (a URL rewrite) and save scroll state (same URL).
  window.sortBy = function (key) {
    history.replaceState(history.state, '', location.pathname + '?sort=' + key);
  };
  window.saveScroll = function () {
    history.replaceState({ scroll: 120 }, '');
  };

  window.wm = Waymark.createTracker({
    endpoint: location.origin + '/v1/batch',
    flushInterval: 100,
    // ?memory=1: the back/forward cache test (an open IndexedDB transaction at pagehide
    // keeps a page out of that cache)
    storage: /[?&]memory=1/.test(location.search) ? 'memory' : 'indexeddb',
    plugins: [Waymark.pageViews()],
  });
})();
