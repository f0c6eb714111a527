// A GA4 shop, as Google Tag Manager setups do it: every page pushes its recommended
// e-commerce event to window.dataLayer. This file loads before Waymark, so the page's own
// events are already in the array when the SDK starts; clicks push later.
(function () {
  var dl = (window.dataLayer = window.dataLayer || []);
  var page = document.documentElement.getAttribute('data-page');
  var shoe = { item_id: 'SHOE-1', item_name: 'Trail shoe', item_brand: 'Peak', item_category: 'Shoes', price: 59.9, quantity: 1 };
  var two = Object.assign({}, shoe, { quantity: 2 });
  var push = function (event, ecommerce) {
    dl.push({ ecommerce: null });
    dl.push({ event: event, ecommerce: ecommerce });
  };
  if (page == 'list') push('view_item_list', { item_list_id: 'shoes', item_list_name: 'Shoes', items: [Object.assign({ index: 0 }, shoe)] });
  if (page == 'product') push('view_item', { currency: 'EUR', value: 59.9, items: [shoe] });
  if (page == 'cart') push('view_cart', { currency: 'EUR', value: 119.8, items: [two] });
  if (page == 'checkout-1') push('begin_checkout', { currency: 'EUR', value: 119.8, items: [two] });
  if (page == 'thank-you') push('purchase', { transaction_id: 'D-1003', value: 124.8, shipping: 5, currency: 'EUR', items: [two] });
  document.addEventListener('click', function (e) {
    var id = e.target.id;
    if (page == 'product' && id == 'add') push('add_to_cart', { currency: 'EUR', value: 59.9, items: [shoe] });
    if (page == 'checkout-2' && id == 'next') {
      push('add_shipping_info', { currency: 'EUR', value: 119.8, shipping_tier: 'Standard', items: [two] });
      location.href = 'checkout-3.html';
    }
    if (page == 'checkout-3' && id == 'next') {
      push('add_payment_info', { currency: 'EUR', value: 119.8, payment_type: 'Card', items: [two] });
      location.href = 'thank-you.html';
    }
  });
})();
