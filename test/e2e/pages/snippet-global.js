// Configures Waymark with a global object instead of data- attributes, and queues calls in a
// plain array (the dataLayer pattern) instead of the stub function.
window.waymarkConfig = { endpoint: '/v1/batch', flushInterval: 100, capture: 'none' };
window.waymark = window.waymark || [];
window.waymark.push(['track', 'Queued A', { i: 0 }]);
window.waymark.push(['track', 'Queued B', { i: 1 }]);
