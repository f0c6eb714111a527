// The demo shop's catalogue, shared by its pages (window.SHOP_CATALOG) so shop.js can look a
// product up by its page key. Prices in EUR; the SKU is the product id the shop reports.
window.SHOP_CATALOG = {
  'trail-runner': { product_id: 'TR-42', sku: 'TR-42', name: 'Trail Runner', category: 'Shoes', price: 120, currency: 'EUR' },
  'city-sneaker': { product_id: 'CS-40', sku: 'CS-40', name: 'City Sneaker', category: 'Shoes', price: 90, currency: 'EUR' },
  'wool-socks': { product_id: 'WS-01', sku: 'WS-01', name: 'Merino Socks', category: 'Accessories', price: 15, currency: 'EUR' },
};
