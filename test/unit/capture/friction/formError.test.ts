import { expect, test, vi } from 'vitest';
import { friction } from '../../../../src/capture/friction/friction.js';
import { fakeApi, tick } from '../fakeApi.js';

const $ = <E extends Element = HTMLInputElement>(sel: string) => document.querySelector(sel) as unknown as E;

const CARD = '4111 1111 1111 1111';
const EMAIL = 'jane.doe@example.com';
const TYPED = 'Rue des Lilas 42b';

const checkout = () =>
  (document.body.innerHTML = `<main><form id="checkout"><label>Email <input name="email" type="email" required></label>
    <label>Card <input name="card" pattern="[0-9 ]{12,19}" required></label><label>Street <input id="street" required></label>
    <label>Note <textarea name="note" maxlength="500"></textarea></label><button>Pay</button></form></main>`);

test("the browser's validation: one Form Error per invalid field, with its name, the ValidityState flag and the form, never its value", async () => {
  checkout();
  const { use, calls } = fakeApi();
  use(friction());
  $('[name=email]').value = 'not-an-email ' + EMAIL.split('@')[0];
  $('[name=card]').value = CARD + 'x';
  $<HTMLFormElement>('form').checkValidity();
  expect(calls).toEqual([
    ['Form Error', { role: 'email', selector: '#checkout>label>input[name=email]', field: 'email', error: 'typeMismatch', form: 'checkout', label: undefined }],
    ['Form Error', { role: 'text', selector: '#checkout>label>input[name=card]', field: 'card', error: 'patternMismatch', form: 'checkout', label: undefined }],
    ['Form Error', { role: 'text', selector: '#street', field: 'street', error: 'valueMissing', form: 'checkout', label: undefined }],
  ]);
});

test("the shop's validation: aria-invalid set on a field, or there when the page loads after a server check; a field reported both ways at once is one event", async () => {
  document.body.innerHTML = '<form name="login"><input name="password" aria-invalid="true" value="hunter2"></form><div><input name="zip" value="75011" required></div>';
  const { use, calls } = fakeApi();
  use(friction());
  await tick();
  expect(calls).toEqual([['Form Error', expect.objectContaining({ field: 'password', error: 'aria-invalid', form: undefined })]]);
  $('[name=zip]').value = '';
  $('[name=zip]').checkValidity();
  $('[name=zip]').setAttribute('aria-invalid', 'true');
  await tick();
  expect(calls.slice(1)).toEqual([['Form Error', expect.objectContaining({ field: 'zip', error: 'valueMissing' })]]);
  // cleared and set again later: a new error
  $('[name=zip]').setAttribute('aria-invalid', 'false');
  await new Promise((r) => setTimeout(r, 1050));
  $('[name=zip]').setAttribute('aria-invalid', 'true');
  await tick();
  expect(calls.slice(2)).toEqual([['Form Error', expect.objectContaining({ field: 'zip', error: 'aria-invalid' })]]);
});

test("a field's value never appears in any event, whichever way its error was seen", async () => {
  checkout();
  const fetch0 = window.fetch;
  window.fetch = vi.fn(
    async () => new Response(JSON.stringify({ result: 'failure', messages: `<ul class="woocommerce-error"><li data-id="billing_email">${EMAIL} is not valid</li></ul>` })),
  ) as never;
  const { use, calls } = fakeApi();
  const { woocommerce } = await import('../../../../src/capture/woocommerce.js');
  use(woocommerce(), friction());
  $('[name=email]').value = EMAIL.replace('@', ' at ');
  $('[name=card]').value = CARD + '!';
  $('#street').value = TYPED;
  $('[name=note]').value = 'call me on +33 6 12 34 56 78';
  $<HTMLFormElement>('form').checkValidity();
  for (const f of ['email', 'card', 'note']) $(`[name=${f}]`).setAttribute('aria-invalid', 'true');
  $('#street').setCustomValidity('We do not deliver to ' + TYPED);
  $('#street').reportValidity();
  await fetch('/?wc-ajax=checkout', { method: 'POST', body: new URLSearchParams({ billing_email: EMAIL, card: CARD }) });
  await tick(20);
  expect(calls.length).toBeGreaterThanOrEqual(4);
  const sent = JSON.stringify(calls);
  for (const v of [EMAIL, EMAIL.split('@')[0], CARD, TYPED, '12 34 56 78', 'not valid']) expect(sent).not.toContain(v);
  expect(calls.map((c) => [c[1].field, c[1].error])).toEqual(
    expect.arrayContaining([
      ['email', 'typeMismatch'],
      ['card', 'patternMismatch'],
      ['street', 'customError'],
      ['note', 'aria-invalid'],
      ['billing_email', 'invalid'],
    ]),
  );
  window.fetch = fetch0;
});

test('formError: false sends none', async () => {
  checkout();
  const { use, calls } = fakeApi();
  use(friction({ formError: false }));
  $<HTMLFormElement>('form').checkValidity();
  $('[name=email]').setAttribute('aria-invalid', 'true');
  await tick();
  expect(calls).toEqual([]);
});
