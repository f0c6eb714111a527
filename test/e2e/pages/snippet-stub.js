// The snippet's stub, in an external file so the page needs no inline script.
window.waymark =
  window.waymark ||
  function () {
    (waymark.q = waymark.q || []).push(arguments);
  };
