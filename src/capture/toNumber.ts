/**
 * Reads a price or quantity from a number or from text such as "€1,299.50", "1.299,50 €" or
 * "12": the last `.` or `,` followed by one or two digits is the decimal mark, other
 * separators group thousands. Anything without digits is undefined.
 */
export const toNumber = (x: unknown): number | undefined => {
  if (typeof x == 'number') return isFinite(x) ? x : undefined;
  if (typeof x != 'string' || !/\d/.test(x)) return;
  const s = x.replace(/[^\d.,-]/g, '');
  const m = /^(.*?)[.,](\d{1,2})$/.exec(s);
  const n = +(m ? m[1]!.replace(/[.,]/g, '') + '.' + m[2] : s.replace(/[.,]/g, ''));
  return isFinite(n) ? n : undefined;
};
