import { expect, test } from 'vitest';
import { attributes } from '../../../src/capture/attributes.js';
import { fakeApi, spa, tick } from './fakeApi.js';

const shoe = { product_id: 'SHOE-1', name: 'Trail shoe', price: 59.9, currency: 'EUR' };

test('data-wm-event elements send their event once the page is ready, with their products', async () => {
  document.body.innerHTML = `
    <ul data-wm-event="Product List Viewed" data-wm-list-id="shoes">
      <li data-wm-product="SHOE-1" data-wm-name="Trail shoe" data-wm-price="59.90" data-wm-currency="EUR"></li>
      <li data-wm-product="SOCK" data-wm-name="Sock" data-wm-price="4,50"></li>
    </ul>
    <div data-wm-event="Product Viewed" data-wm-product="SHOE-1" data-wm-name="Trail shoe" data-wm-price="59.90" data-wm-currency="EUR"></div>
    <main data-wm-event="Checkout Step Viewed" data-wm-step="2" data-wm-step-name="shipping"></main>`;
  const { use, calls } = fakeApi();
  use(attributes());
  expect(calls).toEqual([]);
  await tick();
  expect(calls).toEqual([
    ['Product List Viewed', { list_id: 'shoes', products: [shoe, { product_id: 'SOCK', name: 'Sock', price: 4.5 }] }],
    ['Product Viewed', shoe],
    ['Checkout Started', { products: [], value: 0 }],
    ['Checkout Step Viewed', { step: 2, step_name: 'shipping' }],
  ]);
});

test('data-wm-click sends with the product block around it; data-wm-submit reads the form quantity', async () => {
  document.body.innerHTML = `
    <div data-wm-product="SHOE-1" data-wm-name="Trail shoe" data-wm-price="59.90" data-wm-currency="EUR">
      <button id="add" data-wm-click="Product Added"><span id="label">Add</span></button>
      <form id="f" data-wm-submit="Product Added"><input name="quantity" value="3"></form>
      <button id="rm" data-wm-click="Product Removed" data-wm-quantity="2">Remove</button>
    </div>`;
  const { use, calls } = fakeApi();
  use(attributes());
  // a handler that stops propagation does not hide the click from the SDK
  document.getElementById('add')!.addEventListener('click', (e) => e.stopPropagation());
  document.getElementById('label')!.click();
  document.getElementById('f')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  document.getElementById('rm')!.click();
  const cartId = calls[0]![1].cart_id;
  expect(calls).toEqual([
    ['Product Added', { ...shoe, quantity: 1, cart_id: cartId }],
    ['Product Added', { ...shoe, quantity: 3, cart_id: cartId }],
    ['Product Removed', { ...shoe, quantity: 2, cart_id: cartId }],
  ]);
});

test('teardown removes the listeners and cancels the scan', async () => {
  document.body.innerHTML = `<div data-wm-event="Product Viewed" data-wm-product="A"><button data-wm-click="Product Added">+</button></div>`;
  const { api, calls } = fakeApi();
  const off = attributes().setup!(api) as () => void;
  off();
  await tick();
  document.querySelector('button')!.click();
  expect(calls).toEqual([]);
});

test('a single-page shop: after each page view, new or changed data-wm-event elements are sent once', async () => {
  const runs = await spa(
    () => attributes(),
    () => {
      history.replaceState(null, '', '/p/a');
      document.body.innerHTML = `<header data-wm-event="Promotion Viewed" data-wm-promotion-id="sale"></header><main data-wm-event="Product Viewed" data-wm-product="A"></main>`;
    },
    async () => {
      // the app reuses the <main> for product B, a moment after the route changed; the header stays
      history.pushState(null, '', '/p/b');
      await tick(100);
      document.querySelector('main')!.setAttribute('data-wm-product', 'B');
      await tick(400);
      // a new list element rendered with the next route
      history.pushState(null, '', '/c');
      document.querySelector('main')!.outerHTML = `<section data-wm-event="Product List Viewed" data-wm-list-id="all"><i data-wm-product="C"></i></section>`;
      await tick(50);
    },
  );
  for (const events of runs)
    expect(
      events.map((m) => (m.type == 'page' ? 'page ' + m.context.page.path : m.event + ' ' + (m.properties!.product_id ?? m.properties!.promotion_id ?? m.properties!.list_id))),
    ).toEqual(['page /p/a', 'Promotion Viewed sale', 'Product Viewed A', 'page /p/b', 'Product Viewed B', 'page /c', 'Product List Viewed all']);
});
