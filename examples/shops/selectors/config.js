// A shop with no data layer, no structured data and no known platform: a CRO team describes
// where the commerce events are with CSS-selector rules, in the config the script tag reads.
window.waymarkConfig = {
  endpoint: '/v1/batch',
  capture: 'pageViews,capture',
  journey: false,
  flushInterval: 100,
  platform: 'none',
  captureRules: [
    {
      event: 'Product List Viewed',
      selector: '.product-grid',
      fields: { list_id: '@data-list' },
      items: '.card',
      itemFields: { product_id: '@data-sku', name: '.title', price: '.price' },
    },
    { event: 'Product Viewed', selector: '.product-page', fields: { product_id: '@data-sku', name: '.title', price: '.price' }, properties: { currency: 'EUR' } },
    {
      event: 'Product Added',
      on: 'click',
      selector: '.add-to-cart',
      scope: '.product-page',
      fields: { product_id: '@data-sku', name: '.title', price: '.price', quantity: '.qty' },
      properties: { currency: 'EUR' },
    },
    { event: 'Cart Viewed', selector: '.cart-page' },
    { event: 'Checkout Step Viewed', selector: '.checkout-step', fields: { step: '@data-step', step_name: '@data-name' } },
    { event: 'Order Completed', selector: '.order-confirmation', fields: { order_id: '#order-number' } },
  ],
};
