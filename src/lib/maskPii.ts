const EMAIL = /[\w.+-]+@[\w-]+\.[\w.-]+/g;
const CARD = /\b\d(?:[ -]?\d){12,18}\b/g;
// Cheap test on the whole event first: most events have neither.
const HINT = /@|\d{4}[ -]?\d{4}[ -]?\d{4}/;
// Ids stay as they are: the SDK's, the userId the site chose to send, and product codes
// (a 13-digit EAN passes the Luhn check as often as a card number does). Any key ending in
// "id" in any case is one (`id`, `order_id`, `orderId`; `paid` too).
const KEEP = /id$|^(sku|ean|gtin\d*|upc)$/i;

// Luhn's checksum, so order numbers and phone numbers of card length stay.
const luhn = (digits: string) => {
  let sum = 0;
  for (let i = digits.length, odd = 0; i--; odd ^= 1) {
    const d = +digits[i]! * (odd + 1);
    sum += d > 9 ? d - 9 : d;
  }
  return sum % 10 == 0;
};

/** Replaces email addresses by `[email]` and Luhn-valid card numbers by `[card]` in a string. */
export const maskText = (s: string): string => s.replace(EMAIL, '[email]').replace(CARD, (x) => (luhn(x.replace(/\D/g, '')) ? '[card]' : x));

/**
 * Masks personal data in the JSON of an event: every string value except the ids. Only
 * string values are touched, so the JSON stays valid.
 */
export const maskPii = (json: string): string => {
  // Only what comes before the context needs the scan (properties, traits): the page and
  // campaign were masked when the page was read, and scanning ids and timestamps costs most.
  const end = json.lastIndexOf(',"context":{"page":');
  return HINT.test(end > 0 ? json.slice(0, end) : json) ? JSON.stringify(JSON.parse(json), (k, v) => (typeof v == 'string' && !KEEP.test(k) ? maskText(v) : v)) : json;
};
