let encoder: TextEncoder | undefined;

/** UTF-8 length of a string; ASCII (the usual case) is counted without encoding. */
export const byteLength = (s: string): number =>
  // eslint-disable-next-line no-control-regex
  /[^\x00-\x7f]/.test(s) ? (encoder ||= new TextEncoder()).encode(s).length : s.length;
