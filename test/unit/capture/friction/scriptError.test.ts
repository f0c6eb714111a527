import { expect, test } from 'vitest';
import { friction } from '../../../../src/capture/friction/friction.js';
import { scrubMessage } from '../../../../src/capture/friction/scrubMessage.js';
import { fakeApi } from '../fakeApi.js';

const error = (message: string, filename = location.origin + '/shop.js?v=12', lineno = 42) =>
  window.dispatchEvent(new ErrorEvent('error', { message, filename, lineno, colno: 7 }));
const rejection = (reason: unknown) => {
  const e = new Event('unhandledrejection');
  Object.defineProperty(e, 'reason', { value: reason });
  window.dispatchEvent(e);
};

test('an uncaught error: scrubbed message, source without query, line, first or third party; once per message per page', () => {
  const { use, calls } = fakeApi();
  use(friction());
  error("Uncaught TypeError: Cannot read properties of undefined (reading 'percent')");
  error("Uncaught TypeError: Cannot read properties of undefined (reading 'percent')", location.origin + '/shop.js', 50);
  error('Script error.', '', 0);
  error('ReferenceError: gtag is not defined', 'https://cdn.thirdparty.example/tag.js?id=XYZ', 3);
  // a resource that failed to load reaches window as a plain event: no script error
  window.dispatchEvent(new Event('error'));
  expect(calls).toEqual([
    ['Script Error', { message: "TypeError: Cannot read properties of undefined (reading 'percent')", source: location.origin + '/shop.js', line: 42, party: 'first' }],
    ['Script Error', { message: 'Script error.', source: undefined, line: undefined, party: 'third' }],
    ['Script Error', { message: 'ReferenceError: gtag is not defined', source: 'https://cdn.thirdparty.example/tag.js', line: 3, party: 'third' }],
  ]);
});

test('an unhandled rejection: an Error with the first frame of its stack, or whatever was rejected', () => {
  const { use, calls } = fakeApi();
  use(friction());
  const e = new Error('checkout failed for order 10023456');
  e.stack = `Error: checkout failed for order 10023456\n    at pay (${location.origin}/checkout.js?token=secret:120:9)\n    at next (${location.origin}/vendor.js:1:1)`;
  rejection(e);
  rejection('session expired for jane@example.com');
  rejection(undefined);
  expect(calls).toEqual([
    ['Script Error', { message: 'Error: checkout failed for order #', source: location.origin + '/checkout.js', line: 120, party: 'first' }],
    ['Script Error', { message: 'Unhandled rejection: session expired for [email]', source: undefined, line: undefined, party: 'third' }],
    ['Script Error', { message: 'Unhandled rejection: undefined', source: undefined, line: undefined, party: 'third' }],
  ]);
});

test('scrubMessage drops URL queries, masks emails, card and long numbers, double-quoted input; keeps the rest', () => {
  expect(scrubMessage('Failed to load https://shop.example/api/cart?email=jane%40x.com&token=abc#frag: 500')).toBe('Failed to load https://shop.example/api/cart 500');
  expect(scrubMessage('Uncaught SyntaxError: Unexpected token \'h\', "hello jane" is not valid JSON')).toBe('SyntaxError: Unexpected token \'h\', "…" is not valid JSON');
  expect(scrubMessage('card 4111 1111 1111 1111 declined for jane.doe@example.com, call +33 6 12 34 56 78')).toBe('card [card] declined for [email], call +#');
  expect(scrubMessage("Cannot read properties of null (reading 'addEventListener') at line 12")).toBe("Cannot read properties of null (reading 'addEventListener') at line 12");
  expect(scrubMessage('x'.repeat(500))).toHaveLength(200);
});

test('scriptError: false sends none; teardown removes the listeners', () => {
  const a = fakeApi();
  a.use(friction({ scriptError: false }));
  error('A');
  expect(a.calls).toEqual([]);
  const b = fakeApi();
  (friction().setup!(b.api) as () => void)();
  error('B');
  expect(b.calls).toEqual([]);
});
