import { afterEach, describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore as openStore } from '../src/store/sqliteStore.js';

const m = (id, over = {}) => ({
  type: 'track',
  event: 'Order Completed',
  properties: { revenue: 12 },
  context: { page: { path: '/thanks' }, journey: { sessionId: 'sess', stage: 'purchase', furthestStage: 'purchase', channel: 'email' } },
  messageId: id,
  anonymousId: 'anon',
  userId: 'u1',
  timestamp: '2026-11-23T10:00:00.000Z',
  ...over,
});

const dirs = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('openStore', () => {
  test('stores each message once with its journey columns', () => {
    const store = openStore(':memory:');
    expect(store.saveBatch({ batch: [m('a'), m('b'), m('a')] }, { transport: 'fetch' })).toEqual({ replay: false, received: 3, stored: 2, duplicates: 1 });
    const row = store.db.prepare("SELECT * FROM events WHERE message_id = 'a'").get();
    expect(row).toMatchObject({
      type: 'track',
      event: 'Order Completed',
      anonymous_id: 'anon',
      user_id: 'u1',
      session_id: 'sess',
      stage: 'purchase',
      furthest_stage: 'purchase',
      channel: 'email',
      page_path: '/thanks',
      timestamp: '2026-11-23T10:00:00.000Z',
    });
    expect(JSON.parse(row.properties)).toEqual({ revenue: 12 });
    expect(JSON.parse(row.context).journey.sessionId).toBe('sess');
    expect(row.received_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    store.close();
  });

  test('leaves journey columns empty when the journey plugin is absent, and finds a nested channel', () => {
    const store = openStore(':memory:');
    store.saveBatch(
      {
        batch: [
          m('plain', { type: 'page', event: undefined, name: 'Home', properties: { path: '/home' }, context: {} }),
          m('nested', { context: { journey: { sessionId: 's', touchpoint: { channel: 'paid search' } } } }),
        ],
      },
      { transport: 'fetch' },
    );
    const rows = store.db.prepare('SELECT message_id, name, stage, furthest_stage, channel, session_id, page_path FROM events ORDER BY id').all();
    expect(rows).toEqual([
      { message_id: 'plain', name: 'Home', stage: null, furthest_stage: null, channel: null, session_id: null, page_path: '/home' },
      { message_id: 'nested', name: null, stage: null, furthest_stage: null, channel: 'paid search', session_id: 's', page_path: null },
    ]);
    store.close();
  });

  test('a batch with a known idempotency key is a replay: nothing stored, dropped not counted again', () => {
    const store = openStore(':memory:');
    store.saveBatch({ batch: [m('a')], dropped: 5, sentAt: '2026-11-23T10:00:01.000Z' }, { key: 'k1', transport: 'fetch', writeKey: 'wk' });
    expect(store.saveBatch({ batch: [m('a')], dropped: 5 }, { key: 'k1', transport: 'beacon' })).toEqual({
      replay: true,
      received: 1,
      stored: 0,
      duplicates: 1,
    });
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM events').get().n).toBe(1);
    expect(store.db.prepare('SELECT idempotency_key, sent_at, transport, write_key, messages, stored, dropped, replays FROM batches').all()).toEqual([
      { idempotency_key: 'k1', sent_at: '2026-11-23T10:00:01.000Z', transport: 'fetch', write_key: 'wk', messages: 1, stored: 1, dropped: 5, replays: 1 },
    ]);
    store.close();
  });

  test('a known key on a batch with messages not yet stored is no replay: the new messages are kept', () => {
    const store = openStore(':memory:');
    store.saveBatch({ batch: [m('a')] }, { key: 'k1', transport: 'fetch' });
    expect(store.saveBatch({ batch: [m('a'), m('new')] }, { key: 'k1', transport: 'fetch' })).toEqual({
      replay: false,
      received: 2,
      stored: 1,
      duplicates: 1,
      keyReused: true,
    });
    expect(store.db.prepare('SELECT message_id FROM events ORDER BY id').pluck().all()).toEqual(['a', 'new']);
    expect(store.db.prepare('SELECT idempotency_key, replays FROM batches ORDER BY id').all()).toEqual([
      { idempotency_key: 'k1', replays: 0 },
      { idempotency_key: null, replays: 0 },
    ]);
    store.close();
  });

  test('batches without a key are each kept, their duplicates dropped by messageId', () => {
    const store = openStore(':memory:');
    store.saveBatch({ batch: [m('a')] }, { transport: 'fetch' });
    expect(store.saveBatch({ batch: [m('a'), m('b')] }, { transport: 'fetch' })).toMatchObject({ replay: false, stored: 1, duplicates: 1 });
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM batches').get().n).toBe(2);
    store.close();
  });

  test('a file database is in WAL mode, created with its folder, and keeps everything across reopening', () => {
    const dir = mkdtempSync(join(tmpdir(), 'waymark-store-'));
    dirs.push(dir);
    const file = join(dir, 'nested', 'folder', 'w.db');
    let store = openStore(file);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    store.saveBatch({ batch: [m('a'), m('b')] }, { key: 'k', transport: 'fetch' });
    store.close();
    store = openStore(file);
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM events').get().n).toBe(2);
    expect(store.saveBatch({ batch: [m('a'), m('b')] }, { key: 'k', transport: 'fetch' }).replay).toBe(true);
    expect(store.saveBatch({ batch: [m('b'), m('c')] }, { key: 'k2', transport: 'fetch' })).toMatchObject({ stored: 1, duplicates: 1 });
    store.close();
  });

  test('a failing message rolls the whole batch back, so a retry stores it whole', () => {
    const store = openStore(':memory:');
    // context that cannot be serialised makes the insert throw midway
    const cyclic = { journey: { sessionId: 's' } };
    cyclic.self = cyclic;
    expect(() => store.saveBatch({ batch: [m('a'), m('b', { context: cyclic })] }, { key: 'k', transport: 'fetch' })).toThrow();
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM events').get().n).toBe(0);
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM batches').get().n).toBe(0);
    expect(store.saveBatch({ batch: [m('a'), m('b')] }, { key: 'k', transport: 'fetch' })).toMatchObject({ replay: false, stored: 2 });
    store.close();
  });
});
