// A page with the Web Vitals plugin and something to measure: a large text block (LCP),
// a late banner that pushes the content down (CLS) and a button with a slow click handler
// (INP, rated poor). The script tag loads Web Vitals after the load event: what it measures
// from then on is read from the entries the browser buffered.
(function () {
  waymark(function (t) {
    window.wm = t;
  });

  addEventListener('DOMContentLoaded', function () {
    setTimeout(function () {
      var banner = document.createElement('div');
      banner.className = 'banner';
      document.getElementById('slot').appendChild(banner);
      window.shifted = true;
    }, 300);
    document.getElementById('slow').addEventListener('click', function () {
      var end = performance.now() + 600;
      while (performance.now() < end);
      document.getElementById('out').textContent = 'Added';
    });
  });
})();
