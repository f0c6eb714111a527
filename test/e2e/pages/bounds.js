// The developer warnings of the unbundled npm build read process.env.NODE_ENV.
window.process = { env: {} };
// Every task over 50 ms from the moment the test says the inputs are built.
window.longTasks = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.longTasks.push({ start: e.startTime, duration: e.duration });
}).observe({ type: 'longtask', buffered: true });
// Console lines the SDK printed (the old code printed one per bad rule: 100,000 and more).
window.said = 0;
for (const k of ['warn', 'error']) {
  const f = console[k];
  console[k] = function () {
    window.said++;
    return f.apply(console, arguments);
  };
}
