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
    const next = (/** @type {string} */ visitor, /** @type {number} */ at, /** @type {string} */ name) =>
      msg({ visitor, at, stage: 'decision', event: 'Checkout Step Viewed', properties: { step: 2, step_name: name } });
    await store.insert([
      step('a', 0, 'Checkout Step Viewed', 'shipping'),
      // a step's completion comes with the next step: never the next step itself
      step('a', MIN, 'Checkout Step Completed', 'shipping'),
      next('a', 2 * MIN, 'payment'),
      step('b', 0, 'Checkout Step Viewed', 'shipping'),
      next('b', MIN, 'pay'),
    ]);
    expect((await store.paths()).from).toEqual([
      {
        step: 'Checkout Step 1 · shipping',
        total: 2,
        next: [
          { step: 'Checkout Step 2 · pay', count: 1 },
          { step: 'Checkout Step 2 · payment', count: 1 },
        ],
      },
      // the steps a path starts from are one per step number (named by its last name)
      { step: 'Checkout Step 2 · payment', total: 2, next: [{ step: 'Left', count: 2 }] },
    ]);
  });
});
