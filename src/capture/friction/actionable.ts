const CONTROL = 'a[href],button,[role=button],[role=link],[role=menuitem],[role=tab],summary,input[type=submit],input[type=button],input[type=image]';

/**
 * The element a click meant to use: the link, button or `role=button` (...) the target is in,
 * or the target itself when it has a pointer cursor. A click in a form field or its label
 * changes the field without changing the DOM, so it has none.
 */
export const actionable = (t: EventTarget | null): Element | undefined => {
  if (!(t instanceof Element)) return;
  const c = t.closest(CONTROL);
  if (c) return c;
  if (!t.closest('label,input,select,textarea,[contenteditable]') && getComputedStyle(t).cursor == 'pointer') return t;
  return undefined;
};
