import { expect, test, vi } from 'vitest';
import { DEFAULT_RULES, DEFAULT_STAGES, readRuleSet, validateRules } from '../../../src/journey/index.js';

const check = (rules: unknown[], stages = DEFAULT_STAGES) => {
  const err = vi.spyOn(console, 'error').mockImplementation(() => {});
  const kept = validateRules(rules, stages);
  const messages = err.mock.calls.map((c) => String(c[0]));
  err.mockRestore();
  return { kept, messages };
};

test('the default rules are valid', () => {
  expect(check(DEFAULT_RULES)).toEqual({ kept: DEFAULT_RULES, messages: [] });
});

test('an invalid rule is skipped with one error naming its index, the field and what is wrong; the rest are kept', () => {
  const good = { id: 'ok', stage: 'decision', event: 'Cart Viewed' };
  const { kept, messages } = check([good, { stage: 'decision', event: 42 }, good]);
  expect(kept).toEqual([good, good]);
  expect(messages).toEqual(['[waymark] journey rule 1: event must be one or more strings (got 42); the rule is skipped.']);
});

test.each([
  ['not an object', 'nope', 'journey rule 0: it must be an object (got "nope"); the rule is skipped.'],
  ['stage missing', { event: 'X' }, 'journey rule 0: stage is missing; the rule is skipped.'],
  ['unknown stage', { stage: 'buying' }, 'journey rule 0: stage must be one of awareness, consideration, decision, purchase, retention, advocacy (got "buying")'],
  ['stage a list', { stage: ['decision'] }, 'journey rule 0: stage must be one of awareness,'],
  ['id not a string', { stage: 'decision', id: 3 }, 'journey rule 0: id must be a string (got 3)'],
  ['unknown field', { stage: 'decision', evnt: 'X' }, 'journey rule 0: evnt is not one of id, stage, type, event, properties, url,'],
  ['empty list', { stage: 'decision', path: [] }, 'journey rule 0: path must be one or more strings (got [])'],
  ['list of non-strings', { stage: 'decision', url: ['/a', 1] }, 'journey rule 0: url must be one or more strings (got ["/a",1])'],
  ['referrer', { stage: 'decision', referrer: {} }, 'journey rule 0: referrer must be one or more strings'],
  ['channel', { stage: 'decision', channel: null }, 'journey rule 0: channel must be one or more strings'],
  ['type', { stage: 'decision', type: true }, 'journey rule 0: type must be one or more strings'],
  ['properties not an object', { stage: 'decision', properties: [1] }, 'journey rule 0: properties must be an object (got [1])'],
  [
    'unknown property test',
    { stage: 'decision', properties: { price: { above: 1 } } },
    'journey rule 0: properties.price.above is not one of equals, in, exists, gt, gte, lt, lte; the rule is skipped.',
  ],
  ['numeric test not a number', { stage: 'decision', properties: { price: { gt: '10' } } }, 'journey rule 0: properties.price.gt must be a number (got "10")'],
  ['in not a list', { stage: 'decision', properties: { c: { in: 'A' } } }, 'journey rule 0: properties.c.in must be a list (got "A")'],
  ['exists not boolean', { stage: 'decision', properties: { c: { exists: 1 } } }, 'journey rule 0: properties.c.exists must be true or false (got 1)'],
  ['equals not a value', { stage: 'decision', properties: { c: { equals: [1] } } }, 'journey rule 0: properties.c.equals must be a plain value (got [1])'],
  ['property test a list', { stage: 'decision', properties: { c: [1] } }, 'journey rule 0: properties.c must be an object (got [1])'],
  ['campaign field', { stage: 'decision', campaign: { source: 'x', channel: 'y' } }, 'journey rule 0: campaign.channel is not one of source, medium, name, term, content'],
  ['campaign value', { stage: 'decision', campaign: { source: 1 } }, 'journey rule 0: campaign.source must be one or more strings (got 1)'],
  ['campaign not an object', { stage: 'decision', campaign: 'x' }, 'journey rule 0: campaign must be an object (got "x")'],
  ['purchased', { stage: 'decision', purchased: 'yes' }, 'journey rule 0: purchased must be true or false (got "yes")'],
  ['orders', { stage: 'decision', orders: ['2'] }, 'journey rule 0: orders must be an object (got ["2"])'],
  ['visits', { stage: 'decision', visits: { gte: 'x' } }, 'journey rule 0: visits.gte must be a number (got "x")'],
  ['daysSinceOrder', { stage: 'decision', daysSinceOrder: { over: 3 } }, 'journey rule 0: daysSinceOrder.over is not one of equals, in, exists, gt, gte, lt, lte'],
  ['furthest unknown stage', { stage: 'decision', furthest: 'buying' }, 'journey rule 0: furthest must be one or more of awareness,'],
  ['inherited name as a field', { stage: 'decision', toString: 'x' }, 'journey rule 0: toString is not one of id, stage,'],
  ['inherited name as a campaign field', { stage: 'decision', campaign: { constructor: 'x' } }, 'journey rule 0: campaign.constructor is not one of source,'],
  ['furthest bad comparison', { stage: 'decision', furthest: { above: 'decision' } }, 'journey rule 0: furthest.above is not one of gt, gte, lt, lte'],
  ['furthest compared to an unknown stage', { stage: 'decision', furthest: { gte: 'buying' } }, 'journey rule 0: furthest.gte must be one of awareness,'],
])('%s', (_, rule, message) => {
  const { kept, messages } = check([rule]);
  expect(kept).toEqual([]);
  expect(messages).toHaveLength(1);
  expect(messages[0]).toContain(message);
  expect(messages[0]).toMatch(/the rule is skipped\.$/);
});

test('valid forms of every field pass', () => {
  const rules = [
    { stage: 'decision' },
    { stage: 'decision', furthest: { gte: 'decision', lt: 'advocacy' }, orders: { gte: 1 }, visits: 3, daysSinceOrder: { lte: 30 } },
    { stage: 'decision', furthest: ['purchase', 'retention'], purchased: false, channel: ['email'], type: 'page' },
    { stage: 'decision', campaign: { source: 'a', medium: ['b'], name: 'c*', term: 'd', content: 'e' }, url: '*', path: ['/a'], referrer: '*' },
    { stage: 'decision', properties: { a: 1, b: 'x', c: null, d: true, e: { equals: 2, in: [1, 2], exists: true, gt: 0, gte: 0, lt: 9, lte: 9 } } },
  ];
  expect(check(rules)).toEqual({ kept: rules, messages: [] });
});

test('stage names come from the stage list in use', () => {
  expect(check([{ stage: 'buy' }, { stage: 'decision' }], ['look', 'buy']).kept).toEqual([{ stage: 'buy' }]);
});

test('readRuleSet: a list, { rules, stages }, JSON text; says what is wrong with anything else', () => {
  expect(readRuleSet([{ stage: 'decision' }])).toEqual({ rules: [{ stage: 'decision' }], stages: DEFAULT_STAGES });
  expect(readRuleSet('{"stages":["a","b"],"rules":[{"stage":"b"}]}')).toEqual({ rules: [{ stage: 'b' }], stages: ['a', 'b'] });
  expect(readRuleSet('[{"stage":"b"}]', '["a","b"]')).toEqual({ rules: [{ stage: 'b' }], stages: ['a', 'b'] });
  expect(readRuleSet('[{"stage":')).toMatch(/^not valid JSON \(/);
  expect(readRuleSet({ rule: [] })).toBe('not a list of rules or {"rules":[...],"stages":[...]}');
  expect(readRuleSet(42)).toBe('not a list of rules or {"rules":[...],"stages":[...]}');
  for (const stages of [[], ['a', 'a'], ['a', ''], 'x', [1]]) expect(readRuleSet({ rules: [], stages })).toBe('wrong: stages must be a list of distinct names');
});
