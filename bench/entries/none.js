// No SDK: the harness's own floor for the timings (loading a script, calling init, 1,000
// calls to an empty function).
window.bench = {
  init() {},
  track() {},
};
