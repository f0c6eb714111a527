// The SQLite engine of the collector's storage: one file (better-sqlite3, WAL mode) with two tables.
// `events` holds one row per distinct messageId (UNIQUE + INSERT OR IGNORE drops the
// duplicates at-least-once delivery produces); `batches` remembers every accepted batch,
// its Idempotency-Key (UNIQUE, so a replayed batch is recognised after a restart too) and
// the `dropped` count the SDK reported with it.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS batches (
  id INTEGER PRIMARY KEY,
  idempotency_key TEXT UNIQUE,
  received_at TEXT NOT NULL,
  sent_at TEXT,
  transport TEXT NOT NULL,
  write_key TEXT,
  messages INTEGER NOT NULL,
  stored INTEGER NOT NULL DEFAULT 0,
  duplicates INTEGER NOT NULL DEFAULT 0,
  dropped INTEGER NOT NULL DEFAULT 0,
  replays INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY,
  message_id TEXT NOT NULL UNIQUE,
  batch_id INTEGER NOT NULL REFERENCES batches(id),
  type TEXT NOT NULL,
  event TEXT,
  name TEXT,
  anonymous_id TEXT NOT NULL,
  user_id TEXT,
  session_id TEXT,
  stage TEXT,
  furthest_stage TEXT,
  channel TEXT,
  page_path TEXT,
  properties TEXT NOT NULL,
  traits TEXT,
  context TEXT NOT NULL,
  timestamp TEXT NOT NULL,
  received_at TEXT NOT NULL
);
-- Covering indexes for the dashboard: the funnel reads (visitor, stage, furthest stage),
-- the channel mix (stage, channel, visitor), the checkout and cart panels go by event name.
CREATE INDEX IF NOT EXISTS events_reach ON events (anonymous_id, stage, furthest_stage);
CREATE INDEX IF NOT EXISTS events_channel ON events (stage, channel, anonymous_id);
CREATE INDEX IF NOT EXISTS events_event ON events (event);
`;

/** @param {unknown} v @returns {string | null} */
const str = (v) => (typeof v == 'string' && v ? v : null);

// The journey plugin puts the channel on context.journey; older or other SDKs may nest it
// in a touchpoint object, so look there too before giving up.
/** @param {any} j journey context */
const channelOf = (j) => str(j.channel) ?? str(j.touchpoint?.channel) ?? str(j.lastTouch?.channel) ?? str(j.firstTouch?.channel);

/**
 * Opens (or creates) the collector database.
 * @param {string} file path of the SQLite file, or `:memory:`
 */
export const openSqliteStore = (file) => {
  if (file != ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  // WAL lets the dashboard read while batches are written, and survives a crash mid-batch.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.exec(SCHEMA);

  const findBatch = db.prepare('SELECT id FROM batches WHERE idempotency_key = ?');
  const hasEvent = db.prepare('SELECT 1 FROM events WHERE message_id = ?').pluck();
  const countReplay = db.prepare('UPDATE batches SET replays = replays + 1 WHERE idempotency_key = ?');
  const insertBatch = db.prepare(
    `INSERT INTO batches (idempotency_key, received_at, sent_at, transport, write_key, messages, dropped)
     VALUES (@key, @receivedAt, @sentAt, @transport, @writeKey, @messages, @dropped)`,
  );
  const finishBatch = db.prepare('UPDATE batches SET stored = ?, duplicates = ? WHERE id = ?');
  const insertEvent = db.prepare(
    `INSERT OR IGNORE INTO events (message_id, batch_id, type, event, name, anonymous_id, user_id, session_id,
       stage, furthest_stage, channel, page_path, properties, traits, context, timestamp, received_at)
     VALUES (@messageId, @batchId, @type, @event, @name, @anonymousId, @userId, @sessionId,
       @stage, @furthestStage, @channel, @pagePath, @properties, @traits, @context, @timestamp, @receivedAt)`,
  );

  /**
   * Stores a validated batch in one transaction.
   * @param {{ batch: any[], sentAt?: string, dropped?: number }} body
   * @param {{ key?: string | null, transport: string, writeKey?: string | null, receivedAt?: string }} meta
   * @returns {{ replay: boolean, received: number, stored: number, duplicates: number, keyReused?: true }}
   */
  const saveBatch = db.transaction((/** @type {{ batch: any[], sentAt?: string, dropped?: number }} */ body, /** @type {{ key?: string | null, transport: string, writeKey?: string | null, receivedAt?: string }} */ meta) => {
    const received = body.batch.length;
    let key = meta.key || null;
    let keyReused = false;
    if (key && findBatch.get(key)) {
      // A true replay holds only messages already stored. A key reused for other messages (a
      // client bug, a hash collision) must not cost events: they are kept as a batch of
      // their own, without the key.
      if (body.batch.every((m) => hasEvent.get(m.messageId))) {
        countReplay.run(key);
        return { replay: true, received, stored: 0, duplicates: received };
      }
      key = null;
      keyReused = true;
    }
    const receivedAt = meta.receivedAt ?? new Date().toISOString();
    const batchId = insertBatch.run({
      key,
      receivedAt,
      sentAt: str(body.sentAt),
      transport: meta.transport,
      writeKey: meta.writeKey || null,
      messages: received,
      dropped: body.dropped ?? 0,
    }).lastInsertRowid;
    let stored = 0;
    for (const m of /** @type {any[]} */ (body.batch)) {
      const journey = m.context.journey ?? {};
      const properties = m.properties ?? {};
      stored += insertEvent.run({
        messageId: m.messageId,
        batchId,
        type: m.type,
        event: str(m.event),
        name: str(m.name),
        anonymousId: m.anonymousId,
        userId: str(m.userId),
        sessionId: str(journey.sessionId),
        stage: str(journey.stage),
        furthestStage: str(journey.furthestStage),
        channel: channelOf(journey),
        pagePath: str(m.context.page?.path) ?? str(properties.path),
        properties: JSON.stringify(properties),
        traits: m.traits ? JSON.stringify(m.traits) : null,
        context: JSON.stringify(m.context),
        timestamp: m.timestamp,
        receivedAt,
      }).changes;
    }
    finishBatch.run(stored, received - stored, batchId);
    return { replay: false, received, stored, duplicates: received - stored, ...(keyReused ? { keyReused } : {}) };
  });

  return { db, saveBatch, close: () => db.close() };
};
