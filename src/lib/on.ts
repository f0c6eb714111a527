/** Adds a listener and returns the function that removes it. */
export const on = (target: EventTarget, type: string, fn: (e: Event) => void, capture?: boolean): (() => void) => {
  target.addEventListener(type, fn, capture);
  return () => target.removeEventListener(type, fn, capture);
};
