import type { Touch } from './types.js';
import { CAMPAIGN } from './validateRules.js';

// Ad click ids: the first four mark a paid search click, dclid a display ad; fbclid is added
// by Facebook to every outbound link, paid or not; the rest are paid social.
const CLICK_IDS = 'gclid gbraid wbraid msclkid dclid fbclid ttclid twclid li_fat_id'.split(' ');
const SEARCH = /(^|\.)(google|bing|yahoo|duckduckgo|baidu|yandex|ecosia|naver|qwant)(\.|$)/;
const SOCIAL = /(^|\.)(facebook|fb|ig|instagram|twitter|x|t|linkedin|lnkd|pinterest|reddit|tiktok|youtube|snapchat|threads)(\.|$)|^(social|sm|social.(network|media))$/;

const parse = (url: string): URL | undefined => {
  try {
    return new URL(url);
  } catch {
    return undefined;
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
  const u = parse(url);
  const r = parse(referrer);
  const q = new URLSearchParams(u?.search);
  const ref = r && r.host != u?.host ? r.hostname : '';
  const t: Touch = { channel: '' };
  for (const k of CAMPAIGN) {
    const v = q.get('utm_' + (k == 'name' ? 'campaign' : k));
    if (v) t[k as 'source'] = v;
  }
  if (ref) t.referrer = ref;
  if (u) t.path = u.pathname;
  const i = CLICK_IDS.findIndex((k) => q.has(k));
  if (i >= 0) t.clickId = CLICK_IDS[i];
  const source = (t.source ||= ref);
  const medium = (t.medium || '').toLowerCase();
  const all = medium + ' ' + source.toLowerCase();
  const social = SOCIAL.test(source) || SOCIAL.test(medium) || i > 4;
  const paid = /^(.*cp.*|ppc|paid.*|retargeting|sem)$/.test(medium) || (i >= 0 && i != 5);
  t.channel =
    /^(display|banner|cpm|expandable|interstitial)$/.test(medium) || i == 4
      ? 'display'
      : /affiliate/.test(medium)
        ? 'affiliate'
        : /e.?mail|newsletter/.test(all)
          ? 'email'
          : paid || social || medium == 'organic' || SEARCH.test(source)
            ? (paid ? 'paid ' : 'organic ') + (social ? 'social' : 'search')
            : all.trim()
              ? 'referral'
              : 'direct';
  if (!t.source) delete t.source;
  return t;
};
