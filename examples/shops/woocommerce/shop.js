// WooCommerce's AJAX add to cart, as its add-to-cart.js does it: POST ?wc-ajax=add_to_cart
// (jQuery.ajax is an XMLHttpRequest), then trigger added_to_cart on document.body with the
// button. Waymark sees both and reports the add once.
(function () {
  document.addEventListener('click', function (e) {
    var b = e.target.closest('.ajax_add_to_cart');
    if (!b) return;
    var x = new XMLHttpRequest();
    x.open('POST', '/?wc-ajax=add_to_cart');
    x.setRequestHeader('Content-Type', 'application/x-www-form-urlencoded');
    x.onload = function () {
      var res = JSON.parse(x.responseText);
      jQuery(document.body).trigger('added_to_cart', [res.fragments, res.cart_hash, jQuery(b)]);
    };
    x.send(new URLSearchParams({ product_sku: b.dataset.product_sku, product_id: b.dataset.product_id, quantity: b.dataset.quantity }).toString());
  });
})();
