// The demo shop's catalogue, shared by its pages (window.SHOP_CATALOG) so shop.js can look a
// product up by id. Prices in EUR.
window.SHOP_CATALOG = {
  'trail-runner': { product_id: 'trail-runner', sku: 'TR-42', name: 'Trail Runner', category: 'Shoes', price: 120, currency: 'EUR' },
  'city-sneaker': { product_id: 'city-sneaker', sku: 'CS-40', name: 'City Sneaker', category: 'Shoes', price: 90, currency: 'EUR' },
  'wool-socks': { product_id: 'wool-socks', sku: 'WS-01', name: 'Merino Socks', category: 'Accessories', price: 15, currency: 'EUR' },
};
