// The shared storage suite's engines: each test gets an empty store of either kind. SQLite in
// memory; ClickHouse in a fresh database on the run's server (clickhouseSetup.js).
import { inject } from 'vitest';
import { openStore } from '../src/store/openStore.js';

export const ENGINES = /** @type {const} */ (['sqlite', 'clickhouse']);
let n = 0;

/**
 * @param {'sqlite' | 'clickhouse'} engine
 * @param {{ database?: string, stages?: string[] }} [options] `database`: share one (ClickHouse)
 */
export const freshStore = (engine, { database, stages } = {}) =>
  engine == 'sqlite'
    ? openStore({ engine, file: ':memory:', ...(stages && { stages }) })
    : openStore({
        engine,
        url: /** @type {string} */ (inject('clickhouseUrl')),
        database: database ?? `t${process.pid}_${Date.now().toString(36)}_${n++}`,
        ...(stages && { stages }),
      });

/** Drops a test database (ClickHouse). */
export const dropDatabase = async (/** @type {string} */ database) => {
  await fetch(/** @type {string} */ (inject('clickhouseUrl')), { method: 'POST', body: `DROP DATABASE IF EXISTS ${database}` });
};
