import { expect, test } from 'vitest';
import { touchpoint } from '../../../src/journey/index.js';

const shop = 'https://shop.example';
test.each([
  ['/', '', 'direct'],
  ['/', shop + '/products/a', 'direct'],
  ['/', 'not a url', 'direct'],
  ['/?gclid=1', '', 'paid search'],
  ['/?gbraid=1', '', 'paid search'],
  ['/?wbraid=1', '', 'paid search'],
  ['/?msclkid=1', 'https://www.bing.com/', 'paid search'],
  ['/?utm_source=google&utm_medium=cpc', '', 'paid search'],
  ['/?utm_source=bing&utm_medium=ppc', '', 'paid search'],
  ['/?utm_source=facebook&utm_medium=cpc', '', 'paid social'],
  ['/?utm_source=ig&utm_medium=paid', '', 'paid social'],
  ['/?ttclid=1', '', 'paid social'],
  ['/?twclid=1', '', 'paid social'],
  ['/?li_fat_id=1', '', 'paid social'],
  ['/?fbclid=1', '', 'organic social'],
  ['/', 'https://t.co/abc', 'organic social'],
  ['/', 'https://www.linkedin.com/feed', 'organic social'],
  ['/', 'https://www.reddit.com/r/x', 'organic social'],
  ['/?utm_source=forum&utm_medium=social', '', 'organic social'],
  ['/', 'https://www.google.co.uk/', 'organic search'],
  ['/', 'https://duckduckgo.com/', 'organic search'],
  ['/?utm_source=partner&utm_medium=organic', '', 'organic search'],
  ['/?utm_source=crm&utm_medium=email', '', 'email'],
  ['/?utm_source=Newsletter', '', 'email'],
  ['/?utm_source=x&utm_medium=e-mail', '', 'email'],
  ['/?utm_source=awin&utm_medium=affiliate', '', 'affiliate'],
  ['/?utm_source=gdn&utm_medium=display', '', 'display'],
  ['/?utm_source=x&utm_medium=cpm', '', 'display'],
  ['/?dclid=1', '', 'display'],
  ['/', 'https://blog.example.org/post', 'referral'],
  ['/?utm_source=partner', '', 'referral'],
  ['/?utm_source=partner&utm_medium=referral', '', 'referral'],
])('%s from "%s" is %s', (path, referrer, channel) => {
  expect(touchpoint(shop + path, referrer).channel).toBe(channel);
});

test('a touch keeps the campaign, the external referrer host, the click id and the landing path', () => {
  expect(touchpoint(shop + '/lp/x?utm_source=g&utm_medium=cpc&utm_campaign=spring&utm_term=boots&utm_content=a&gclid=9', 'https://www.google.com/')).toEqual({
    channel: 'paid search',
    source: 'g',
    medium: 'cpc',
    name: 'spring',
    term: 'boots',
    content: 'a',
    referrer: 'www.google.com',
    clickId: 'gclid',
    path: '/lp/x',
  });
  expect(touchpoint(shop + '/', 'https://www.google.com/')).toEqual({ channel: 'organic search', source: 'www.google.com', referrer: 'www.google.com', path: '/' });
  expect(touchpoint('', '')).toEqual({ channel: 'direct' });
});
