import { maskText } from '../../lib/maskPii.js';

/**
 * An error message fit to send: the query and hash of any URL in it dropped, email addresses
 * and card numbers masked, runs of six or more digits (phone numbers, order and account
 * numbers) as `#`, double-quoted text (JSON.parse quotes what it was given) as `"…"`; at
 * most 200 characters.
 */
export const scrubMessage = (m: string): string =>
  maskText(m)
    .replace(/^Uncaught /, '')
    .replace(/(\/\/[^\s?#'"]*)[?#][^\s'")]*/g, '$1')
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\d[\d ().+-]{4,}\d/g, '#')
    .slice(0, 200);
