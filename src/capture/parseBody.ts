/**
 * A request body as a plain object: JSON text, form-encoded text, URLSearchParams or FormData.
 * Anything else (a Blob, a stream, nothing) is an empty object.
 */
export const parseBody = (body: unknown): Record<string, unknown> => {
  if (typeof body == 'string')
    try {
      body = JSON.parse(body);
    } catch {
      body = new URLSearchParams(body as string);
    }
  if (body instanceof URLSearchParams || body instanceof FormData) {
    const o: Record<string, unknown> = {};
    body.forEach((v, k) => (o[k] = v));
    return o;
  }
  return body && typeof body == 'object' ? (body as Record<string, unknown>) : {};
};
