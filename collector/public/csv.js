// CSV export of a table: RFC 4180 (comma separated, CRLF line ends, a field quoted when it holds
// a comma, a quote, CR or LF, quotes doubled inside), downloaded through a Blob and an object URL
// (no server round trip, and nothing the page's CSP has to allow).

/** One field: null and undefined are empty; text with a comma, quote, CR or LF is quoted. */
const field = (/** @type {unknown} */ v) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
};

/**
 * Rows (the first one the header) as CSV text, each line ended by CRLF.
 * @param {unknown[][]} rows
 * @returns {string}
 */
export const toCsv = (rows) => rows.map((r) => r.map(field).join(',') + '\r\n').join('');

/**
 * Makes a file name safe to save: "segments by channel 2026-11-01…" → "segments-by-channel-2026-11-01…".
 * @param {string} name
 */
export const fileNameOf = (name) =>
  name
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '') + '.csv';

/**
 * Downloads `rows` as a CSV file named `name` (made safe, ".csv" added).
 * @param {string} name
 * @param {unknown[][]} rows
 */
export const downloadCsv = (name, rows) => {
  const url = URL.createObjectURL(new Blob([toCsv(rows)], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileNameOf(name);
  document.body.append(a);
  a.click();
  a.remove();
  // the download has started by the next task; the URL is not needed after it
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
};
