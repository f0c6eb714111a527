// The dashboard's pure parts, in Node: the view in the URL (read, written, round-tripped), the
// range a preset resolves to and its previous period, the trends' gap filling, the changes the
// KPI tiles print, and the CSV export's quoting (RFC 4180).
import { expect, test } from 'vitest';
import { DEFAULT_STEPS, DEFAULT_WINDOW, readState, writeState } from '../public/urlState.js';
import { previousRange, rangeName, rangeOf } from '../public/rangeOf.js';
import { fillBuckets } from '../public/fillBuckets.js';
import { change, duration, rate } from '../public/format.js';
import { fileNameOf, toCsv } from '../public/csv.js';
import { filterParams } from '../public/api.js';

test('an empty URL is all time, no segment, per day, by channel, the default funnel', () => {
  const s = readState('');
  expect(s).toMatchObject({ preset: 'all', from: null, to: null, compare: false, channel: null, interval: 'day', by: 'channel', window: DEFAULT_WINDOW, order: 'strict' });
  expect(s.steps).toEqual(DEFAULT_STEPS);
  expect(writeState(s)).toBe('');
});

test('every part of the view survives the URL', () => {
  const steps = [{ stage: 'consideration' }, { event: 'Product Added', where: { product_id: 'TR-42' } }, { path: '/thank-you*' }];
  const s = {
    ...readState(''),
    preset: 'custom',
    from: '2026-11-01T00:00:00.000Z',
    to: '2026-11-08T00:00:00.000Z',
    compare: true,
    channel: 'paid search',
    device: 'mobile',
    visitor: 'returning',
    landing: '/index.html',
    campaign: 'autumn-sale',
    interval: /** @type {const} */ ('hour'),
    by: 'landing',
    steps,
    customSteps: true,
    window: 3600,
    order: /** @type {const} */ ('any'),
  };
  const qs = writeState(s);
  expect(readState('?' + qs)).toEqual(s);
  expect(new URLSearchParams(qs).get('steps')).toBe(JSON.stringify(steps));
  // a preset is kept by name, not by the times it resolved to
  expect(writeState({ ...readState(''), preset: '7d' })).toBe('preset=7d');
  expect(readState('?preset=7d&from=')).toMatchObject({ preset: '7d', from: null, to: null });
});

test('a URL that cannot be read falls back to the defaults, never throws', () => {
  const s = readState('?preset=nope&from=yesterday&interval=minute&by=colour&steps=%5B1%2C2&window=-5&order=random');
  expect(s).toMatchObject({ preset: 'all', from: null, interval: 'day', by: 'channel', window: DEFAULT_WINDOW, order: 'strict', customSteps: false });
});

test('a preset ends at the next whole minute; the previous period has its length and ends at its start', () => {
  const now = Date.parse('2026-11-20T10:15:30Z');
  const r = rangeOf({ ...readState(''), preset: '24h' }, now);
  expect(r).toEqual({ from: '2026-11-19T10:16:00.000Z', to: '2026-11-20T10:16:00.000Z' });
  expect(previousRange(r)).toEqual({ from: '2026-11-18T10:16:00.000Z', to: '2026-11-19T10:16:00.000Z' });
  expect(rangeOf(readState(''), now)).toEqual({ from: null, to: null });
  expect(previousRange({ from: null, to: null })).toBeNull();
  expect(rangeName(r)).toBe('2026-11-19T10-16Z_2026-11-20T10-16Z');
  expect(rangeName({ from: null, to: null })).toBe('all-time');
});

test('the API gets the range and the segment filters, nothing else', () => {
  const s = { ...readState('?channel=email&device=mobile&interval=hour&by=device'), compare: true };
  expect(filterParams(s, { from: '2026-11-01T00:00:00.000Z', to: null }).toString()).toBe('from=2026-11-01T00%3A00%3A00.000Z&channel=email&device=mobile');
});

test('trends: every bucket between the first and the last, the missing ones at 0', () => {
  const empty = (/** @type {string} */ start) => ({ start, visitors: 0 });
  const got = fillBuckets(
    [
      { start: '2026-11-01T00:00:00.000Z', visitors: 3 },
      { start: '2026-11-04T00:00:00.000Z', visitors: 1 },
    ],
    'day',
    empty,
  );
  expect(got.map((b) => [b.start.slice(0, 10), b.visitors])).toEqual([
    ['2026-11-01', 3],
    ['2026-11-02', 0],
    ['2026-11-03', 0],
    ['2026-11-04', 1],
  ]);
  expect(fillBuckets([{ start: '2026-11-01T05:00:00.000Z', visitors: 2 }], 'hour', empty)).toHaveLength(1);
  expect(fillBuckets([], 'hour', empty)).toEqual([]);
});

test('tiles print the change from the previous period', () => {
  expect(change(112, 100).text).toBe('+12 % vs previous');
  expect(change(95, 100)).toEqual({ text: '−5 % vs previous', sign: 'down' });
  expect(change(7, 7).sign).toBe('same');
  expect(change(3, 0).text).toBe('new vs previous (was 0)');
  expect(rate(0.4091)).toBe('40.9 %');
  expect(rate(undefined)).toBe('–');
  expect(duration(605)).toBe('10 min');
  expect(duration(null)).toBe('–');
});

test('CSV: RFC 4180 quoting, CRLF line ends, empty for null', () => {
  expect(
    toCsv([
      ['segment', 'visitors', 'note'],
      ['paid search', 4, null],
      ['a, b', 1, 'say "hi"'],
      ['two\nlines', 0, undefined],
    ]),
  ).toBe('segment,visitors,note\r\npaid search,4,\r\n"a, b",1,"say ""hi"""\r\n"two\nlines",0,\r\n');
  expect(fileNameOf('waymark-segments-by-channel-all-time-channel=paid search')).toBe('waymark-segments-by-channel-all-time-channel-paid-search.csv');
});
