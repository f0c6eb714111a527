// Runs before the SDK: records every Content-Security-Policy violation on the page.
(function () {
  window.violations = [];
  document.addEventListener('securitypolicyviolation', function (e) {
    window.violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber);
  });
})();
