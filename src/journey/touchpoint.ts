import type { Touch } from './types.js';

// Ad click ids, in the order they are looked for; the first four mark a paid search click,
// fbclid is added by Facebook to every outbound link (paid or not), the rest are paid social.
const CLICK_IDS = ['gclid', 'gbraid', 'wbraid', 'msclkid', 'dclid', 'fbclid', 'ttclid', 'twclid', 'li_fat_id'];
const SEARCH = /(^|\.)(google|bing|yahoo|duckduckgo|baidu|yandex|ecosia|naver|qwant|startpage)(\.|$)/i;
const SOCIAL = /(^|\.)(facebook|fb|ig|instagram|twitter|x|t|linkedin|lnkd|pinterest|reddit|tiktok|youtube|snapchat|threads)(\.|$)/i;

const host = (url: string): string => {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
};

/**
 * The channel classifier: where a session came from, read from its landing URL (UTM
 * parameters and ad click ids) and the referrer. The channel is one of direct, organic
 * search, paid search, organic social, paid social, email, referral, affiliate and display,
 * decided much like GA4's default channel group. A referrer on the page's own host counts
 * as none.
 *
 * @example
 * touchpoint('https://shop.example/?utm_source=news&utm_medium=email', '').channel // 'email'
 * touchpoint('https://shop.example/p/1', 'https://www.google.com/').channel // 'organic search'
 */
export const touchpoint = (url: string, referrer: string): Touch => {
  let q = new URLSearchParams();
  let path: string | undefined;
  try {
    const u = new URL(url);
    q = u.searchParams;
    path = u.pathname;
  } catch {
    // no usable URL: classify from the referrer alone
  }
  const ref = host(referrer);
  const external = ref && ref != host(url) ? ref : '';
  const t: Touch = { channel: 'direct' };
  for (const k of ['source', 'medium', 'name', 'term', 'content'] as const) {
    const v = q.get('utm_' + (k == 'name' ? 'campaign' : k));
    if (v) t[k] = v;
  }
  if (external) t.referrer = external;
  if (path) t.path = path;
  const click = CLICK_IDS.find((k) => q.has(k));
  if (click) t.clickId = click;
  const source = t.source || external;
  const medium = (t.medium || '').toLowerCase();
  const social = SOCIAL.test(source) || /^(social|sm|social[-_ ]?(network|media))$/.test(medium) || CLICK_IDS.indexOf(click!) > 4;
  t.channel =
    /^(display|banner|cpm|expandable|interstitial)$/.test(medium) || click == 'dclid'
      ? 'display'
      : /affiliate/.test(medium)
        ? 'affiliate'
        : /e[-_ ]?mail|newsletter/i.test(medium + ' ' + source)
          ? 'email'
          : /^(.*cp.*|ppc|paid.*|retargeting|sem)$/.test(medium) || (click && click != 'fbclid')
            ? social
              ? 'paid social'
              : 'paid search'
            : social
              ? 'organic social'
              : medium == 'organic' || SEARCH.test(source)
                ? 'organic search'
                : source || medium
                  ? 'referral'
                  : 'direct';
  if (!t.source && external) t.source = external;
  return t;
};
