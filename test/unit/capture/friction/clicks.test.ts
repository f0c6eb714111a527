import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { friction } from '../../../../src/capture/friction/friction.js';
import { fakeApi } from '../fakeApi.js';
import { press, presses } from './press.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const $ = (sel: string) => document.querySelector(sel)!;
const events = (calls: [string, Record<string, unknown>][]) => calls.map((c) => c[0]);

test('three quick presses on a button that does nothing: one Rage Click with its role, selector and label, and no Dead Click', async () => {
  document.body.innerHTML = '<main><form id="step"><button type="button" id="pay" disabled>Pay now</button></form></main>';
  const { use, calls } = fakeApi();
  use(friction());
  await presses(vi, $('#pay'), 5, 150);
  await vi.advanceTimersByTimeAsync(1500);
  expect(calls).toEqual([['Rage Click', { role: 'button', selector: '#pay', label: 'Pay now' }]]);
});

test("a bot's synthetic presses (isTrusted false) are not rage or dead clicks", async () => {
  document.body.innerHTML = '<div><div><button id="b">Go</button></div></div>';
  const { use, calls } = fakeApi();
  use(friction());
  for (let i = 0; i < 5; i++) press($('#b'), 10, 10, false), await vi.advanceTimersByTimeAsync(50);
  await vi.advanceTimersByTimeAsync(2000);
  expect(calls).toEqual([]);
});

test('a double click on a quantity stepper is no rage click, nor are three quick presses on a stepper that counts', async () => {
  document.body.innerHTML = `<div class="qty"><div class="stepper"><button type="button" id="plus">+</button><span id="n">1</span>
    <input type="number" id="q" value="1"></div></div><div><div><button type="button" id="silent">+</button><input type="number" id="s" value="1"></div></div>`;
  // one stepper shows the count in the DOM, the other only sets the field's value and says so
  $('#plus').addEventListener('click', () => ($('#n').textContent = String(Number($('#n').textContent) + 1)));
  $('#silent').addEventListener('click', () => {
    const s = $('#s') as HTMLInputElement;
    s.value = String(Number(s.value) + 1);
    s.dispatchEvent(new Event('change', { bubbles: true }));
  });
  const { use, calls } = fakeApi();
  use(friction());
  await presses(vi, $('#plus'), 2, 80);
  $('#plus').dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
  await vi.advanceTimersByTimeAsync(1500);
  await presses(vi, $('#plus'), 4, 120);
  await vi.advanceTimersByTimeAsync(1500);
  await presses(vi, $('#silent'), 4, 120);
  await vi.advanceTimersByTimeAsync(1500);
  expect(calls).toEqual([]);
  expect($('#n').textContent).toBe('7');
});

test('presses too slow, too far apart or on different targets are no rage click', async () => {
  document.body.innerHTML = '<p><span><button id="a">A</button><button id="b">B</button></span></p>';
  const { use, calls } = fakeApi();
  use(friction({ deadClick: false }));
  await presses(vi, $('#a'), 4, 800);
  await vi.advanceTimersByTimeAsync(1500);
  await presses(vi, $('#a'), 4, 100, 40);
  await vi.advanceTimersByTimeAsync(1500);
  for (const id of ['#a', '#b', '#a', '#b']) press($(id)), await vi.advanceTimersByTimeAsync(100);
  await vi.advanceTimersByTimeAsync(1500);
  expect(calls).toEqual([]);
  // a press inside the button counts for the button
  document.querySelector('#a')!.innerHTML = '<b>A</b>';
  await vi.advanceTimersByTimeAsync(1500);
  await presses(vi, $('#a b'), 3, 100);
  expect(events(calls)).toEqual(['Rage Click']);
});

test('rageClick options: how many presses, how fast, how near; false turns it off', async () => {
  document.body.innerHTML = '<p><span><button id="a">A</button></span></p>';
  const a = fakeApi();
  a.use(friction({ rageClick: { clicks: 5, within: 300, radius: 5 }, deadClick: false }));
  await presses(vi, $('#a'), 4, 250);
  expect(a.calls).toEqual([]);
  await presses(vi, $('#a'), 1, 250);
  expect(events(a.calls)).toEqual(['Rage Click']);
});

test('rageClick: false sends no rage click; the burst is then a dead click', async () => {
  document.body.innerHTML = '<p><span><button id="a">A</button></span></p>';
  const { use, calls } = fakeApi();
  use(friction({ rageClick: false }));
  await presses(vi, $('#a'), 4, 100);
  await vi.advanceTimersByTimeAsync(1500);
  expect(events(calls)).toEqual(['Dead Click']);
});

test('a click on a button, a link or a pointer-cursor element after which nothing happens is a Dead Click, 1 s later', async () => {
  document.body.innerHTML = `<main><section><button id="b" class="btn-primary">Apply coupon</button>
    <a href="#" id="l">Size guide</a><div id="card" style="cursor:pointer" class="tile">A tile with a long text that is no label at all</div><p id="text">Plain text</p></section></main>`;
  const { use, calls } = fakeApi();
  use(friction());
  press($('#b'));
  await vi.advanceTimersByTimeAsync(900);
  expect(calls).toEqual([]);
  await vi.advanceTimersByTimeAsync(200);
  expect(calls).toEqual([['Dead Click', { role: 'button', selector: '#b', label: 'Apply coupon' }]]);
  for (const id of ['#l', '#card', '#text']) press($(id)), await vi.advanceTimersByTimeAsync(1100);
  expect(calls.slice(1)).toEqual([
    ['Dead Click', { role: 'link', selector: '#l', label: 'Size guide' }],
    ['Dead Click', { role: 'div', selector: '#card', label: undefined }],
  ]);
});

test('a click that opens a client-side menu, navigates, fills a field or scrolls is not dead', async () => {
  document.body.innerHTML = `<header><nav><button id="menu" aria-expanded="false">Menu</button><ul id="items" hidden><li>Shoes</li></ul></nav></header>
    <main><div><a href="/p/2" id="spa">Next</a><button id="fill">Use my address</button><input id="street"><button id="top">Top</button></div></main>
    <footer><div><a href="mailto:help@shop.example" id="mail">Help</a><a href="/terms" target="_blank" id="blank">Terms</a></div></footer>`;
  $('#menu').addEventListener('click', () => ($('#items') as HTMLElement).toggleAttribute('hidden'));
  $('#spa').addEventListener('click', (e) => (e.preventDefault(), history.pushState(null, '', '/p/2')));
  $('#fill').addEventListener('click', () => {
    ($('#street') as HTMLInputElement).value = '1 Main St';
    $('#street').dispatchEvent(new Event('input', { bubbles: true }));
  });
  $('#top').addEventListener('click', () => window.dispatchEvent(new Event('scroll')));
  const { use, calls } = fakeApi();
  use(friction());
  for (const id of ['#menu', '#spa', '#fill', '#top', '#mail', '#blank']) press($(id)), await vi.advanceTimersByTimeAsync(1100);
  expect(calls).toEqual([]);
  history.replaceState(null, '', '/');
});

test('a menu that opens elsewhere in the page (a portal) while its toggle says aria-expanded is not dead; a change far away is no answer', async () => {
  document.body.innerHTML = '<main><div><div><button id="open">Open</button></div></div></main><aside><div id="far"></div></aside><div id="portal"></div>';
  $('#open').addEventListener('click', () => {
    $('#open').setAttribute('aria-expanded', 'true');
    $('#portal').innerHTML = '<ul role="menu"><li>One</li></ul>';
  });
  const { use, calls } = fakeApi();
  use(friction());
  press($('#open'));
  await vi.advanceTimersByTimeAsync(1100);
  expect(calls).toEqual([]);
  // a ticking widget elsewhere in the page does not hide a dead button
  document.body.insertAdjacentHTML('beforeend', '<div><div><button id="dead">Dead</button></div></div>');
  const tick = setInterval(() => ($('#far').textContent = String(Date.now())), 100);
  press($('#dead'));
  await vi.advanceTimersByTimeAsync(1100);
  clearInterval(tick);
  expect(events(calls)).toEqual(['Dead Click']);
});

test('teardown stops both: nothing after it, even for a burst under way', async () => {
  document.body.innerHTML = '<p><span><button id="a">A</button></span></p>';
  const { api, calls } = fakeApi();
  const off = friction().setup!(api) as () => void;
  await presses(vi, $('#a'), 2, 100);
  off();
  await presses(vi, $('#a'), 3, 100);
  await vi.advanceTimersByTimeAsync(1500);
  expect(calls).toEqual([]);
});

test('a triple click that selects text, presses on a checkbox label or a number field are no rage click', async () => {
  document.body.innerHTML = `<article><p id="para">Free returns within 30 days.</p></article><form><label id="lab"><input type="checkbox" id="cb"> Gift wrap</label>
    <input type="number" id="num" value="1"></form>`;
  const { use, calls } = fakeApi();
  use(friction({ deadClick: false }));
  await presses(vi, $('#para'), 2, 80);
  getSelection()!.selectAllChildren($('#para'));
  await presses(vi, $('#para'), 1, 80);
  getSelection()!.removeAllRanges();
  await vi.advanceTimersByTimeAsync(1500);
  await presses(vi, $('#lab'), 3, 80);
  await vi.advanceTimersByTimeAsync(1500);
  await presses(vi, $('#num'), 3, 80);
  await vi.advanceTimersByTimeAsync(1500);
  expect(calls).toEqual([]);
  // the same presses on a paragraph with nothing selected are a rage click
  await presses(vi, $('#para'), 3, 80);
  expect(events(calls)).toEqual(['Rage Click']);
});

test("the change a field's blur commits (the browser's own event) does not hide a dead click", async () => {
  document.body.innerHTML = '<main><form id="coupon"><input name="code"><button type="submit" id="apply">Apply</button></form></main>';
  $('#coupon').addEventListener('submit', (e) => e.preventDefault());
  const { use, calls } = fakeApi();
  use(friction());
  const e = new Event('change', { bubbles: true });
  Object.defineProperty(e, 'isTrusted', { value: true });
  press($('#apply'));
  $('[name=code]').dispatchEvent(e);
  await vi.advanceTimersByTimeAsync(1100);
  expect(calls).toEqual([['Dead Click', { role: 'button', selector: '#apply', label: 'Apply' }]]);
});
