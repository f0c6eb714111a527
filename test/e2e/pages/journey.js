// Starts a tracker with the journey plugin (rules from ?rules=<url>) and the debug panel
// (shown with ?waymark_debug=1), as window.wm, for tests to drive. The panel is a file the
// script tag loads when asked (dist/script/debugPanel.js): an ES module, imported first.
(function () {
  var q = new URLSearchParams(location.search);
  var options = q.get('rules') ? { rulesUrl: q.get('rules') } : {};
  import('/dist/script/debugPanel.js').then(function (m) {
    window.wm = Waymark.createTracker({
      endpoint: location.origin + '/v1/batch',
      flushInterval: 100,
      plugins: [Waymark.journey(options), m.debugPanel()],
    });
  });
})();
