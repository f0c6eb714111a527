// Write keys and the origins each may send from. A key is configured as
//   { writeKey: 'wk_live_…', origins: ['https://shop.example', 'https://*.shop.example'] }
// ('*' in origins: any origin; no origins: no browser may use it, only servers). A request
// without an Origin header (a server, curl) is not a browser, so only its key is checked.

/**
 * @typedef {{ writeKey: string, origins: string[], name?: string }} WriteKey
 * @typedef {{ writeKey: string, origins: string[], name?: string, _match: (origin: string) => boolean }} ResolvedKey
 */

/** @param {string} pattern @returns {(origin: string) => boolean} */
const originMatcher = (pattern) => {
  if (pattern == '*') return () => true;
  const wild = /^(https?):\/\/\*\.(.+)$/.exec(pattern);
  if (wild) {
    const scheme = /** @type {string} */ (wild[1]);
    const host = /** @type {string} */ (wild[2]);
    return (origin) => origin.startsWith(scheme + '://') && origin.endsWith('.' + host) && !origin.slice(scheme.length + 3).includes('/');
  }
  const exact = new URL(pattern).origin;
  return (origin) => origin == exact;
};

/**
 * Checks and indexes the configured keys.
 * @param {WriteKey[]} keys
 * @returns {Map<string, ResolvedKey>}
 */
export const resolveKeys = (keys) => {
  /** @type {Map<string, ResolvedKey>} */
  const byKey = new Map();
  for (const [i, k] of keys.entries()) {
    if (!k || typeof k.writeKey != 'string' || !k.writeKey) throw new TypeError(`keys[${i}].writeKey must be a non-empty string`);
    if (!Array.isArray(k.origins) || k.origins.some((o) => typeof o != 'string'))
      throw new TypeError(`keys[${i}].origins must be a list of origins such as "https://shop.example" (or "*" for any)`);
    /** @type {((origin: string) => boolean)[]} */
    let matchers;
    try {
      matchers = k.origins.map(originMatcher);
    } catch {
      throw new TypeError(`keys[${i}].origins: ${JSON.stringify(k.origins)} holds something that is not an origin such as "https://shop.example"`);
    }
    byKey.set(k.writeKey, { ...k, _match: (origin) => matchers.some((m) => m(origin)) });
  }
  return byKey;
};

/**
 * Parses keys from a flag or an environment variable: "KEY=ORIGIN,ORIGIN;KEY2=*"; a key
 * without "=" is for servers only (no browser origin).
 * @param {string} text
 * @returns {WriteKey[]}
 */
export const parseKeyList = (text) =>
  text
    .split(/[;\s]+/)
    .filter(Boolean)
    .map((entry) => {
      const at = entry.indexOf('=');
      if (at < 0) return { writeKey: entry, origins: [] };
      return {
        writeKey: entry.slice(0, at),
        origins: entry
          .slice(at + 1)
          .split(',')
          .filter(Boolean),
      };
    });
