// The paths report on both engines: what follows a step is the next step of that visit, and a
// visit is a (session, visitor) pair: a session id another visitor sends too is another visit.
import { afterEach, describe, expect, test } from 'vitest';
import { ENGINES, freshStore } from './storeEngines.js';
import { msg, MIN } from './journeyEvents.js';

/** @type {any[]} */
let open = [];
afterEach(async () => {
  for (const s of open) await s.close();
  open = [];
});

describe.each(ENGINES)('%s store', (engine) => {
  test('paths: a session id another visitor sends too is another visit', async () => {
    const store = await freshStore(engine);
    open.push(store);
    const page = (/** @type {string} */ visitor, /** @type {number} */ at, /** @type {string} */ path) => ({
      ...msg({ visitor, at, session: 'shared', stage: 'consideration' }),
      properties: { path },
    });
    await store.insert([
      page('a', 0, '/products/cap'),
      msg({ visitor: 'a', at: 1 * MIN, session: 'shared', stage: 'decision', event: 'Product Added', properties: { product_id: 'cap' } }),
      // another visitor, the same session id, later: not what visitor a did next
      page('b', 2 * MIN, '/blog'),
    ]);
    expect((await store.paths()).from).toEqual([{ step: 'Product Added', total: 1, next: [{ step: 'Left', count: 1 }] }]);
  });

  test('paths: a next step of another name is a branch of its own', async () => {
    const store = await freshStore(engine);
    open.push(store);
    const step = (/** @type {string} */ visitor, /** @type {number} */ at, /** @type {string} */ event, /** @type {string} */ name) =>
      msg({ visitor, at, stage: 'decision', event, properties: { step: 1, step_name: name } });
    await store.insert([
      step('a', 0, 'Checkout Step Viewed', 'shipping'),
      step('a', MIN, 'Checkout Step Completed', 'shipping'),
      step('b', 0, 'Checkout Step Viewed', 'shipping'),
      step('b', MIN, 'Checkout Step Completed', 'delivery'),
    ]);
    expect((await store.paths()).from).toEqual([
      {
        step: 'Checkout Step 1 · shipping',
        total: 2,
        next: [
          { step: 'Completed Step 1 · delivery', count: 1 },
          { step: 'Completed Step 1 · shipping', count: 1 },
        ],
      },
    ]);
  });
});
