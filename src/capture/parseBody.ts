/** JSON text as a value; anything that is not JSON is undefined. */
export const json = (text: string): any => {
  try {
    return JSON.parse(text);
  } catch {}
};

/**
 * A request body as a plain object: JSON text, form-encoded text, URLSearchParams or FormData.
 * Anything else (a Blob, a stream, nothing) is an empty object.
 */
export const parseBody = (body: unknown): Record<string, unknown> => {
  if (typeof body == 'string') body = json(body) ?? new URLSearchParams(body);
  // both are iterables of [key, value]: the last value of a key wins
  if (body instanceof URLSearchParams || body instanceof FormData) body = Object.fromEntries(body as URLSearchParams);
  return body && typeof body == 'object' ? (body as Record<string, unknown>) : {};
};
