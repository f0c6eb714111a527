#!/usr/bin/env node
// Runs the collector from a shell; `--help` lists the options. Settings come from, in order of
// precedence: flags, environment variables, a JSON config file (--config). Stops cleanly
// (closing the store) on Ctrl-C or SIGTERM.
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { startCollector } from './server.js';
import { parseKeyList } from './resolveKeys.js';

const USAGE = `usage: node collector/src/cli.js [options]
  --port 8080                  TCP port (0: any free one)
  --host 127.0.0.1             interface to bind (0.0.0.0 for all)
  --db FILE                    SQLite file (default collector/data/waymark.db)
  --clickhouse URL             store in ClickHouse instead, e.g. http://127.0.0.1:8123
  --database waymark           ClickHouse database
  --write-key KEY=ORIGIN,...   a write key and the origins it may send from ("*": any;
                               no "=": servers only); repeat for more keys
  --read-key KEY               opens the dashboard API (Authorization: Bearer KEY)
  --password SECRET            opens the dashboard in a browser (HTTP Basic)
  --config FILE                JSON: { "keys": [{ "writeKey", "origins" }], "readKey", ... }
  --abandon-after 30           abandonment window, minutes (the SDK's abandonAfter)
  --sweep-interval 60          seconds between abandonment sweeps (0: none)
  --retention-days N           delete events older than N days (default: keep all)
  --trust-proxy                client address from X-Forwarded-For (behind a balancer)
  --trust-client-clock         keep timestamps as sent (no sentAt skew correction)
  --quiet                      no line per batch
environment: WAYMARK_WRITE_KEYS ("KEY=ORIGIN,ORIGIN;KEY2=*"), WAYMARK_READ_KEY,
  WAYMARK_DASHBOARD_PASSWORD, WAYMARK_CLICKHOUSE_URL
Without write keys the collector runs in local mode (any key, open dashboard), on a
loopback address only.`;

/** @param {string} message */
const fail = (message) => {
  console.error(message);
  process.exit(2);
};

let values;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      db: { type: 'string' },
      clickhouse: { type: 'string' },
      database: { type: 'string' },
      'write-key': { type: 'string', multiple: true },
      'read-key': { type: 'string' },
      password: { type: 'string' },
      config: { type: 'string' },
      'abandon-after': { type: 'string' },
      'sweep-interval': { type: 'string' },
      'retention-days': { type: 'string' },
      'trust-proxy': { type: 'boolean' },
      'trust-client-clock': { type: 'boolean' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (e) {
  fail((e instanceof Error ? e.message : String(e)) + '\n' + USAGE);
}
if (!values) process.exit(2);
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

/** @type {Record<string, any>} */
let file = {};
if (values.config) {
  try {
    file = JSON.parse(readFileSync(values.config, 'utf8'));
  } catch (e) {
    fail(`--config ${values.config}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
const env = process.env;

/** @param {string | undefined} text @param {string} flag @param {(n: number) => boolean} ok */
const number = (text, flag, ok) => {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!ok(n)) fail(`${flag} must be a number, got "${text}"`);
  return n;
};
const port = number(values.port, '--port', (n) => Number.isInteger(n) && n >= 0 && n <= 65535) ?? file.port ?? 8080;
const keys = values['write-key'] ? values['write-key'].flatMap(parseKeyList) : env.WAYMARK_WRITE_KEYS ? parseKeyList(env.WAYMARK_WRITE_KEYS) : (file.keys ?? []);

try {
  const collector = await startCollector({
    ...file,
    port,
    host: values.host ?? file.host ?? '127.0.0.1',
    ...((values.db ?? file.db) ? { db: values.db ?? file.db } : {}),
    ...((values.clickhouse ?? env.WAYMARK_CLICKHOUSE_URL ?? file.clickhouse) ? { clickhouse: values.clickhouse ?? env.WAYMARK_CLICKHOUSE_URL ?? file.clickhouse } : {}),
    ...((values.database ?? file.database) ? { database: values.database ?? file.database } : {}),
    keys,
    readKey: values['read-key'] ?? env.WAYMARK_READ_KEY ?? file.readKey,
    password: values.password ?? env.WAYMARK_DASHBOARD_PASSWORD ?? file.password,
    abandonAfter: number(values['abandon-after'], '--abandon-after', (n) => n > 0) ?? file.abandonAfter ?? 30,
    sweepInterval: number(values['sweep-interval'], '--sweep-interval', (n) => n >= 0) ?? file.sweepInterval ?? 60,
    retentionDays: number(values['retention-days'], '--retention-days', (n) => n > 0) ?? file.retentionDays,
    trustProxy: values['trust-proxy'] ?? file.trustProxy ?? false,
    trustClientClock: values['trust-client-clock'] ?? file.trustClientClock ?? false,
    quiet: values.quiet ?? file.quiet ?? false,
  });
  // This line names the URLs, so a parent process (npm run demo) can read them.
  console.log(
    `Waymark collector on ${collector.url}  dashboard: ${collector.url}/  endpoint: ${collector.endpoint}` +
      (collector.local ? '  (Local mode: no write keys configured, so any key and origin is accepted and the dashboard is open; loopback only.)' : ''),
  );
  const stop = async () => {
    await collector.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (e) {
  console.error('Could not start the collector: ' + (e instanceof Error ? e.message : String(e)));
  process.exit(1);
}
