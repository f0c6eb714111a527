/**
 * Reads a price or quantity from a number or from text such as "€1,299.50", "1.299,50 €" or
 * "12": the last `.` or `,` followed by one or two digits is the decimal mark, other
 * separators group thousands. Anything without digits is undefined.
 */
export const toNumber = (x: unknown): number | undefined => {
  // drop everything but digits, signs and separators, then every separator but the decimal
  // mark (the one only 1 or 2 digits follow), which becomes a dot
  if (typeof x == 'string' && /\d/.test(x))
    x = +x
      .replace(/[^\d.,-]/g, '')
      .replace(/[.,](?!\d\d?$)/g, '')
      .replace(',', '.');
  return Number.isFinite(x) ? (x as number) : undefined;
};
