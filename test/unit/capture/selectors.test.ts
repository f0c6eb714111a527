import { expect, test, vi } from 'vitest';
import { selectors } from '../../../src/capture/selectors.js';
import { fakeApi, tick } from './fakeApi.js';

test('load, click and submit rules read fields, products and fixed properties', async () => {
  document.body.innerHTML = `
    <section class="order"><b id="no">1001</b><span class="total">€ 1.299,50</span>
      <div class="line" data-sku="A"><i>Tent</i><em>1.299,50</em><input value="1"></div></section>
    <div class="card" data-sku="SHOE-1"><h2> Trail shoe </h2><p class="price">59.90 €</p>
      <input class="qty" value="2"><button class="buy"><span>Add</span></button></div>`;
  const { use, calls } = fakeApi();
  use(
    selectors({
      captureRules: [
        {
          event: 'Order Completed',
          selector: '.order',
          fields: { order_id: '#no', revenue: '.total' },
          items: '.line',
          itemFields: { product_id: '@data-sku', name: 'i', price: 'em', quantity: 'input' },
          properties: { currency: 'EUR' },
        },
        { event: 'Product Added', on: 'click', selector: '.buy', scope: '.card', fields: { product_id: '@data-sku', name: 'h2', price: '.price', quantity: '.qty' } },
        { event: 'Broken', on: 'click', selector: '::nonsense(' },
      ],
    }),
  );
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  await tick();
  document.querySelector('.buy span')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
  expect(calls[0]).toEqual(['Order Completed', { currency: 'EUR', order_id: '1001', revenue: 1299.5, products: [{ product_id: 'A', name: 'Tent', price: 1299.5, quantity: 1 }] }]);
  expect(calls[1]).toEqual(['Product Added', { product_id: 'SHOE-1', name: 'Trail shoe', price: 59.9, quantity: 2, cart_id: expect.any(String) }]);
  expect(calls).toHaveLength(2);
  expect(warn).toHaveBeenCalledWith(expect.stringContaining('selectors(): the rule for "Broken" failed'));
});

test('rules that are not an array warn and capture nothing', () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const { api } = fakeApi();
  expect(selectors({ captureRules: 'x' as never }).setup!(api)).toBeUndefined();
  expect(warn).toHaveBeenCalledWith(expect.stringContaining('captureRules must be an array'));
});
