/** Query parameters removed from every URL by default: they often carry personal data or secrets. */
export const DEFAULT_SCRUB = [
  'email', 'e-mail', 'mail', 'phone', 'tel', 'password', 'pass', 'pwd', 'token', 'access_token',
  'id_token', 'refresh_token', 'auth', 'code', 'secret', 'api_key', 'apikey', 'key', 'session',
  'sessionid', 'sid', 'ssn', 'card', 'cc',
];

/** Removes deny-listed query parameters (case-insensitive) from a URL; anything unparsable becomes ''. */
export const scrubUrl = (url: string, deny: string[]): string => {
  if (!url) return '';
  try {
    const u = new URL(url, location.href);
    let hit = false;
    for (const k of [...u.searchParams.keys()]) if (deny.includes(k.toLowerCase())) (hit = true), u.searchParams.delete(k);
    return hit ? u.href : url;
  } catch {
    return '';
  }
};
