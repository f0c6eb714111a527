import { afterEach, expect, test } from 'vitest';
import { SHOWN } from '../../src/script/shown.js';

const w = window as unknown as Record<string, unknown>;
const shows = (name: string, cfg = {}) => !!SHOWN[name]!(cfg, w);

afterEach(() => {
  document.body.innerHTML = '';
  document.head.innerHTML = '';
  document.body.className = '';
  for (const k of ['Shopify', 'dataLayer', 'woocommerce_params', 'wcSettings']) delete w[k];
  history.replaceState(null, '', '/');
});

test('each commerce capture is loaded only where the page shows its source', () => {
  for (const name of Object.keys(SHOWN)) expect(shows(name), name).toBe(false);
  w.Shopify = { shop: 'x.myshopify.com' };
  expect(shows('shopify')).toBe(true);
  w.dataLayer = [];
  expect(shows('dataLayer')).toBe(true);
  // GTM's dataLayer only: an object of that name is not one
  w.dataLayer = {};
  expect(shows('dataLayer')).toBe(false);
  expect(shows('selectors', { captureRules: [{ event: 'X', selector: 'h1' }] })).toBe(true);
  expect(shows('checkout', { orderPage: '/done/(\\d+)' })).toBe(true);
});

test('WooCommerce by its classic settings, its block settings or its body classes and blocks', () => {
  w.woocommerce_params = { wc_ajax_url: '/?wc-ajax=%%endpoint%%' };
  expect(shows('woocommerce')).toBe(true);
  delete w.woocommerce_params;
  w.wcSettings = {};
  expect(shows('woocommerce')).toBe(true);
  delete w.wcSettings;
  document.body.className = 'single-product woocommerce woocommerce-page';
  expect(shows('woocommerce')).toBe(true);
  document.body.className = '';
  document.body.innerHTML = '<div class="wp-block-woocommerce-cart"></div>';
  expect(shows('woocommerce')).toBe(true);
});

test('JSON-LD by product or list markup only, data-wm-* by any of its attributes', () => {
  document.head.innerHTML = '<script type="application/ld+json">{"@type":"Organization","name":"Shop"}</script>';
  expect(shows('jsonLd')).toBe(false);
  document.head.innerHTML += '<script type="application/ld+json">{"@type": "Product", "sku": "S-1"}</script>';
  expect(shows('jsonLd')).toBe(true);
  for (const a of ['data-wm-product="S-1"', 'data-wm-event="Product Viewed"', 'data-wm-click="Product Added"', 'data-wm-submit="Product Added"']) {
    document.body.innerHTML = '<div ' + a + '></div>';
    expect(shows('attributes'), a).toBe(true);
  }
});

test('checkout on a path that may be a cart, checkout or order page', () => {
  for (const path of ['/cart', '/checkouts/cn/abc', '/checkout/order-received/12/', '/orders/x', '/thank-you']) {
    history.replaceState(null, '', path);
    expect(shows('checkout'), path).toBe(true);
  }
  history.replaceState(null, '', '/products/shoe');
  expect(shows('checkout')).toBe(false);
});
