import { expect, test, vi } from 'vitest';
import { jsonLd } from '../../../src/capture/jsonLd.js';
import { fakeApi, spa, tick } from './fakeApi.js';

const ld = (x: unknown) => `<script type="application/ld+json">${typeof x == 'string' ? x : JSON.stringify(x)}</script>`;

test('a Product with an Offer, inside @graph, is a Product Viewed', async () => {
  document.head.innerHTML =
    ld('{ not json') +
    ld({
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'Organization', name: 'Shop' },
        {
          '@type': ['Product'],
          sku: 'SHOE-1',
          name: 'Trail shoe',
          brand: { '@type': 'Brand', name: 'Peak' },
          category: 'Shoes',
          offers: [{ '@type': 'Offer', price: '59.90', priceCurrency: 'EUR' }],
        },
      ],
    });
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const { use, calls } = fakeApi();
  use(jsonLd());
  await tick();
  expect(calls).toEqual([['Product Viewed', { product_id: 'SHOE-1', sku: 'SHOE-1', name: 'Trail shoe', brand: 'Peak', category: 'Shoes', price: 59.9, currency: 'EUR' }]]);
  expect(warn).toHaveBeenCalledWith(expect.stringContaining('jsonLd(): a <script type="application/ld+json"> is not valid JSON'));
});

test('an ItemList of products is a Product List Viewed; an AggregateOffer gives its low price', async () => {
  document.head.innerHTML = ld({
    '@type': 'ItemList',
    name: 'Shoes',
    itemListElement: [
      { '@type': 'ListItem', position: 1, item: { '@type': 'Product', productID: 'A', name: 'A', offers: { '@type': 'AggregateOffer', lowPrice: 10, priceCurrency: 'EUR' } } },
      { '@type': 'ListItem', position: 2, item: { '@type': 'Product', sku: 'B', name: 'B', offers: { price: 12, priceCurrency: 'EUR' } } },
    ],
  });
  const { use, calls } = fakeApi();
  use(jsonLd());
  await tick();
  expect(calls).toEqual([
    [
      'Product List Viewed',
      {
        list_id: 'Shoes',
        products: [
          { position: 1, product_id: 'A', name: 'A', price: 10, currency: 'EUR' },
          { position: 2, product_id: 'B', sku: 'B', name: 'B', price: 12, currency: 'EUR' },
        ],
      },
    ],
  ]);
});

test('markup that is valid JSON but not the expected shape warns instead of throwing into the page', async () => {
  document.head.innerHTML = ld({ '@type': 'ItemList', itemListElement: [null] });
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const { use, calls } = fakeApi();
  use(jsonLd());
  await tick();
  expect(calls).toEqual([]);
  expect(warn).toHaveBeenCalledWith(expect.stringContaining('jsonLd() failed'));
});

test('a single-page shop: the markup of each new route is read after its page view, once', async () => {
  const product = (sku: string) => ld({ '@type': 'Product', sku, name: sku, offers: { price: 10, priceCurrency: 'EUR' } });
  const runs = await spa(
    () => jsonLd(),
    () => {
      history.replaceState(null, '', '/p/a');
      document.head.innerHTML = product('A');
    },
    async () => {
      // the app routes to B and renders its markup a moment later
      history.pushState(null, '', '/p/b');
      await tick(100);
      document.head.innerHTML = product('B');
      await tick(400);
      // a tab of the same product: a page view, the same markup (re-rendered with other spacing)
      history.pushState(null, '', '/p/b?tab=reviews');
      document.head.innerHTML = `<script type="application/ld+json">  {"@type": "Product", "sku": "B", "name": "B", "offers": {"price": 10, "priceCurrency": "EUR"}}</script>`;
      await tick(50);
      // a list page, rendered with its route
      document.head.innerHTML = ld({ '@type': 'ItemList', name: 'All', itemListElement: [{ '@type': 'Product', sku: 'C', name: 'C' }] });
      history.pushState(null, '', '/c');
      await tick(50);
    },
  );
  for (const events of runs)
    expect(events.map((m) => (m.type == 'page' ? 'page ' + m.context.page.path + m.context.page.search : m.event + ' ' + (m.properties!.sku ?? m.properties!.list_id)))).toEqual([
      'page /p/a',
      'Product Viewed A',
      'page /p/b',
      'Product Viewed B',
      'page /p/b?tab=reviews',
      'page /c',
      'Product List Viewed All',
    ]);
});
