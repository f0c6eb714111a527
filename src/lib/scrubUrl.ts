/** Query parameters removed from every URL by default: they often carry personal data or secrets. */
export const DEFAULT_SCRUB = /^(e-?mail|phone|tel|pass(word)?|pwd|(access_|id_|refresh_)?token|auth|code|secret|api_?key|key|session(id)?|sid|ssn|card|cc)$/i;

/** Says whether a query parameter must be removed. */
export type Deny = (param: string) => boolean;

const drop = (params: URLSearchParams, deny: Deny) => {
  for (const k of [...params.keys()]) if (deny(k)) params.delete(k);
  return params;
};

/**
 * Removes denied parameters from a URL's query and from a hash that carries parameters
 * (OAuth puts access tokens there); anything unparsable becomes ''.
 */
export const scrubUrl = (url: string, deny: Deny): string => {
  try {
    const u = new URL(url);
    drop(u.searchParams, deny);
    if (u.hash.includes('=')) u.hash = '' + drop(new URLSearchParams(u.hash.slice(1)), deny);
    return u.href;
  } catch {
    return '';
  }
};

/** The deny rule of a config: its `scrubParams` list (case-insensitive), or the default. */
export const denyFor = (scrubParams: unknown): Deny => {
  const list = Array.isArray(scrubParams) && scrubParams.map((p) => String(p).toLowerCase());
  return (k) => (list ? list.includes(k.toLowerCase()) : DEFAULT_SCRUB.test(k));
};
