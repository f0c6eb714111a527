import { describe, expect, test, vi } from 'vitest';
import { readConfig } from '../../src/script/readConfig.js';

const tag = (attrs: Record<string, string>) => {
  const s = document.createElement('script');
  for (const [k, v] of Object.entries(attrs)) s.setAttribute(k, v);
  return s;
};

describe('readConfig: the script tag and the global config object', () => {
  test('nothing to read: undefined, so the build stays a plain library', () => {
    expect(readConfig(null, undefined)).toBeUndefined();
    expect(readConfig(tag({ src: 'waymark.iife.js' }), undefined)).toBeUndefined();
  });

  test('data- attributes become camelCased options, read as numbers, booleans and JSON', () => {
    const cfg = readConfig(
      tag({
        'data-endpoint': 'https://collect.example.com/v1/batch',
        'data-flush-interval': '500',
        'data-abandon-after': '0.5',
        'data-debug': '',
        'data-journey': 'false',
        'data-checkout-steps': '[[1,"shipping","/ship$"]]',
        'data-headers': '{"x-shop":"north"}',
        'data-dead-click': 'false',
        'data-rage-click': '{"clicks":4,"within":500}',
        'data-friction-limit': '5',
      }),
      undefined,
    )!;
    expect(cfg).toMatchObject({
      endpoint: 'https://collect.example.com/v1/batch',
      flushInterval: 500,
      abandonAfter: 0.5,
      debug: true,
      journey: false,
      checkoutSteps: [[1, 'shipping', '/ship$']],
      headers: { 'x-shop': 'north' },
      // the friction signals' switches and settings
      deadClick: false,
      rageClick: { clicks: 4, within: 500 },
      frictionLimit: 5,
    });
  });

  test('ids, URLs, patterns and rules stay text, even when they look like numbers or JSON', () => {
    const cfg = readConfig(
      tag({ 'data-endpoint': 'https://c.example/v1/batch', 'data-write-key': '12345', 'data-rules': '[{"stage":"decision","event":"X"}]', 'data-order-page': '/thanks/(\\d+)' }),
      undefined,
    )!;
    expect(cfg.writeKey).toBe('12345');
    expect(cfg.rules).toBe('[{"stage":"decision","event":"X"}]');
    expect(cfg.orderPage).toBe('/thanks/(\\d+)');
  });

  test('a relative endpoint means this page origin', () => {
    const cfg = readConfig(tag({ 'data-endpoint': '/v1/batch' }), undefined)!;
    expect(cfg.endpoint).toBe(new URL('/v1/batch', location.href).href);
  });

  test('the global object alone works, and attributes win over it', () => {
    expect(readConfig(null, { endpoint: 'https://a.example/v1/batch', batchSize: 5 })).toMatchObject({ endpoint: 'https://a.example/v1/batch', batchSize: 5 });
    const cfg = readConfig(tag({ 'data-endpoint': 'https://b.example/v1/batch' }), { endpoint: 'https://a.example/v1/batch', batchSize: 5 })!;
    expect(cfg).toMatchObject({ endpoint: 'https://b.example/v1/batch', batchSize: 5 });
  });

  test('broken JSON in an attribute: a warning naming it, the option left out', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const cfg = readConfig(tag({ 'data-endpoint': 'https://c.example/v1/batch', 'data-headers': '{nope' }), undefined)!;
    expect(cfg.headers).toBeUndefined();
    expect(warn.mock.calls.flat().join(' ')).toContain('data-headers is not valid JSON');
  });
});
