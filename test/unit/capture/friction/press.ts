/** Dispatches an event as if the browser had (isTrusted), or as a script does (`trusted` false). */
export const fire = <E extends Event>(target: EventTarget, e: E, trusted = true): E => {
  if (trusted) Object.defineProperty(e, 'isTrusted', { value: true });
  target.dispatchEvent(e);
  return e;
};

/** A visitor's press and click on `el` at (x, y): pointerdown, then click. */
export const press = (el: Element, x = 10, y = 10, trusted = true) => {
  fire(el, new PointerEvent('pointerdown', { bubbles: true, composed: true, clientX: x, clientY: y, button: 0 }), trusted);
  fire(el, new MouseEvent('click', { bubbles: true, composed: true, clientX: x, clientY: y }), trusted);
};

/** `n` presses on `el`, `gap` ms apart (fake timers). */
export const presses = async (vi: { advanceTimersByTimeAsync(ms: number): Promise<unknown> }, el: Element, n: number, gap = 100, dx = 0) => {
  for (let i = 0; i < n; i++) {
    if (i) await vi.advanceTimersByTimeAsync(gap);
    press(el, 10 + i * dx, 10);
  }
};
