// No SDK, but the least a call must do synchronously in a design that, like Waymark's, builds
// and stores the message later: note the time, the URL and a copy of the properties, and
// schedule the rest for the next task (which here does nothing). Its synchronous figure is
// the floor of a deferring track(); its main-thread figure is not comparable (no work after).
let queue = [];
const later = () => (queue = []);
window.bench = {
  init() {},
  track(event, properties) {
    if (queue.push({ event, t: Date.now(), url: location.href, properties: { ...properties } }) == 1) setTimeout(later);
  },
};
