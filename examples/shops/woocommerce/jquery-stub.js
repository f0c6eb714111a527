// A stand-in for the few jQuery calls WooCommerce's cart scripts make (on, off, trigger and
// data on document.body and buttons), so the example downloads nothing. Real shops load
// jQuery itself; Waymark uses only these calls.
(function () {
  var handlers = {};
  window.jQuery = window.$ = function (el) {
    return {
      on: function (type, fn) {
        (handlers[type] = handlers[type] || []).push({ el: el, fn: fn });
        return this;
      },
      off: function (type, fn) {
        handlers[type] = (handlers[type] || []).filter(function (h) {
          return h.fn !== fn;
        });
        return this;
      },
      trigger: function (type, args) {
        (handlers[type] || []).forEach(function (h) {
          if (h.el === el) h.fn.apply(el, [{ type: type }].concat(args || []));
        });
        return this;
      },
      // like jQuery: data-product_id="42" is { product_id: 42 }
      data: function () {
        var d = {};
        for (var k in el.dataset) d[k] = /^\d+$/.test(el.dataset[k]) ? Number(el.dataset[k]) : el.dataset[k];
        return d;
      },
    };
  };
})();
