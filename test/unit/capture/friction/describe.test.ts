import { expect, test } from 'vitest';
import { describe } from '../../../../src/capture/friction/describe.js';

const el = (html: string, sel: string) => ((document.body.innerHTML = html), document.querySelector(sel)!);

test('role: the ARIA role, else link or button, else the input type or the tag', () => {
  expect(describe(el('<a href="/x">X</a>', 'a')).role).toBe('link');
  expect(describe(el('<input type="submit" value="Go">', 'input')).role).toBe('button');
  expect(describe(el('<input type="email">', 'input')).role).toBe('email');
  expect(describe(el('<div role="tab">T</div>', 'div')).role).toBe('tab');
  expect(describe(el('<select></select>', 'select')).role).toBe('select');
});

test('selector: up to three levels, up to the nearest stable id; names and classes without digits only', () => {
  expect(describe(el('<form id="checkout"><p><label><input name="email"></label></p></form>', 'input')).selector).toBe('p>label>input[name=email]');
  expect(describe(el('<form id="checkout"><label><input name="email"></label></form>', 'input')).selector).toBe('#checkout>label>input[name=email]');
  expect(describe(el('<div id="react-42"><div class="css-1x2y3z btn"><button class="sc-abc12 primary">Buy</button></div></div>', 'button')).selector).toBe(
    'div>div.btn>button.primary',
  );
  expect(describe(el('<ul><li><input name="items[0][qty]"></li></ul>', 'input')).selector).toBe('ul>li>input');
});

test('label: a button or link text under 40 characters, never any other text or a value', () => {
  expect(describe(el('<button>  Pay   now </button>', 'button')).label).toBe('Pay now');
  expect(describe(el('<a href="/" aria-label="Home">🏠</a>', 'a')).label).toBe('Home');
  expect(describe(el('<button>' + 'x'.repeat(40) + '</button>', 'button')).label).toBeUndefined();
  expect(describe(el('<p style="cursor:pointer">Jane Doe, 1 Main St</p>', 'p')).label).toBeUndefined();
  expect(JSON.stringify(describe(el('<input name="card" value="4111111111111111">', 'input')))).not.toContain('4111');
});
