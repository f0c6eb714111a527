// Starts a tracker with options from the query string, as window.wm, for tests to drive.
(function () {
  var q = new URLSearchParams(location.search);
  var cfg = { endpoint: location.origin + '/v1/batch', flushInterval: Number(q.get('interval') || 200) };
  if (q.get('batch')) cfg.batchSize = Number(q.get('batch'));
  if (q.get('retry')) cfg.maxRetryDelay = Number(q.get('retry'));
  if (q.get('timeout')) cfg.timeout = Number(q.get('timeout'));
  if (q.get('consent')) cfg.consent = q.get('consent');
  if (q.get('endpoint')) cfg.endpoint = q.get('endpoint');
  if (q.get('key')) cfg.writeKey = q.get('key');
  window.wm = Waymark.createTracker(cfg);
})();
