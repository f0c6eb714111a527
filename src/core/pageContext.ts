import type { Campaign, PageContext } from '../types.js';
import { scrubUrl, type Deny } from '../lib/scrubUrl.js';
import { maskText } from '../lib/maskPii.js';

/** What the current page says about where the visitor is and where they came from. */
export interface PageState {
  page: PageContext;
  campaign?: Campaign;
  /** The raw campaign and click-id parameters, used to roll the session on a new campaign. */
  campaignKey: string;
}

/**
 * The campaign fields, each read from `utm_` and its name (`name` from utm_campaign). Spelled
 * as the journey's CAMPAIGN list is (src/journey/validateRules.ts): the script tag, which
 * carries both, compresses the second to a few bytes.
 */
const UTM = 'source medium name term content'.split(' ') as (keyof Campaign)[];

/**
 * Returns a reader of the context of the page at `href` (read when the call was made), with
 * the document's title and referrer. Building the scrubbed URLs is not cheap, so the result
 * is cached until the URL, title or referrer changes.
 */
export const pageContext = (deny: Deny, mask: boolean) => {
  // Masked here, once per page, so track() need not scan the context of every event.
  const m = (s: string) => (mask ? maskText(s) : s);
  let key = '';
  let state: PageState;
  return (href: string): PageState => {
    const title = document.title;
    const ref = document.referrer;
    const k = href + '\n' + title + '\n' + ref;
    if (k !== key) {
      key = k;
      const url = scrubUrl(href, deny);
      const u = new URL(url || 'about:blank');
      const campaign: Campaign = {};
      let campaignKey = '';
      for (const field of UTM) {
        const param = 'utm_' + (field == 'name' ? 'campaign' : field);
        const v = u.searchParams.get(param);
        if (v) (campaign[field] = m(v)), (campaignKey += param + '=' + v + '&');
      }
      state = {
        page: { path: m(u.pathname), url: m(url), search: m(u.search), title: m(title), referrer: m(scrubUrl(ref, deny)) },
        campaignKey,
      };
      if (campaignKey) state.campaign = campaign;
    }
    return state;
  };
};
