// The ClickHouse tables, as DDL both Debian's ClickHouse 18.16 and current releases accept.
// `events`: a ReplacingMergeTree keyed by messageId (within the visitor's rows), so replays and
// beacons that deliver a message twice collapse to one row; every query reads it with FINAL,
// so the answers are exact before the background merges too. `version` lets a re-derived
// abandonment replace its cancelled predecessor. Partitioned by month of the event's date:
// retention drops whole months (18.16 has no table TTL) and deletes the rest of the boundary
// month with a mutation. The cluster variant (ReplicatedReplacingMergeTree + Distributed) is in
// collector/README.md.

/** Escapes a value as a ClickHouse string literal (18.16 has no query parameters). */
export const quote = (/** @type {unknown} */ v) => `'${String(v).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/**
 * Columns of `events` added after its first release, last in the table: a table created
 * before them gets them by ALTER TABLE ... ADD COLUMN when a collector opens it (18.16 has no
 * ADD COLUMN IF NOT EXISTS, so the store asks system.columns first).
 */
export const ADDED_COLUMNS = [
  ['group_id', 'String'],
  ['previous_id', 'String'],
  // the dashboard's segments and products (rowOf.js); a row stored before them reads
  // is_returning -2 until the store fills them in (-1: no touches, 0: new, 1: returning)
  ['campaign', 'String'],
  ['device', 'String'],
  ['landing', 'String'],
  ['is_returning', 'Int8 DEFAULT -2'],
  ['product_id', 'String'],
  // an order's or a cart's lines as parallel arrays: id, name, price, quantity
  ['product_ids', 'Array(String)'],
  ['product_names', 'Array(String)'],
  ['product_prices', 'Array(Float64)'],
  ['product_quantities', 'Array(Float64)'],
];

/** is_returning of a row stored before the segment columns existed (not filled in yet). */
export const NOT_FILLED = -2;

/** @param {string} db database name */
export const clickhouseDDL = (db) => [
  `CREATE DATABASE IF NOT EXISTS ${db}`,
  `CREATE TABLE IF NOT EXISTS ${db}.events (
    message_id String,
    version UInt64,
    type String,
    event String,
    name String,
    anonymous_id String,
    user_id String,
    session_id String,
    stage String,
    furthest_stage String,
    channel String,
    page_path String,
    source String,
    cart_id String,
    value Float64,
    currency String,
    step Nullable(Int32),
    step_name String,
    idle_time Float64,
    cart String,
    cart_items UInt32,
    properties String,
    traits String,
    context String,
    timestamp String,
    ts Int64,
    received_at String,
    date Date,
    ${ADDED_COLUMNS.map(([name, type]) => `${name} ${type}`).join(',\n    ')}
  ) ENGINE = ReplacingMergeTree(version) PARTITION BY toYYYYMM(date) ORDER BY (anonymous_id, message_id)`,
  `CREATE TABLE IF NOT EXISTS ${db}.batches (
    idempotency_key String,
    received_at String,
    sent_at String,
    transport String,
    write_key String,
    messages UInt32,
    stored UInt32,
    duplicates UInt32,
    dropped UInt32,
    replay UInt8,
    date Date
  ) ENGINE = MergeTree PARTITION BY toYYYYMM(date) ORDER BY (idempotency_key, received_at)`,
];
