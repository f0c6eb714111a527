/**
 * A random RFC 4122 version 4 id. `crypto.randomUUID` exists only in secure contexts, so a
 * plain-http page builds one from `getRandomValues`.
 */
export const uuid = (): string =>
  crypto.randomUUID
    ? crypto.randomUUID()
    : '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) => (+c ^ (crypto.getRandomValues(new Uint8Array(1))[0]! & (15 >> (+c / 4)))).toString(16));
