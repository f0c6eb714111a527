// Starts a throwaway clickhouse-server for the tests (and benchmarks): 127.0.0.1 only, free
// ports, a temporary data directory and a config of its own; resolves once it answers, and
// stop() kills it and removes the directory. Debian's package (18.16) is ready in about 1 s.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where Debian's package puts the server (/usr/sbin), or CLICKHOUSE_SERVER. */
export const clickhouseServer = () =>
  process.env.CLICKHOUSE_SERVER || ['/usr/sbin/clickhouse-server', '/usr/bin/clickhouse-server'].find((f) => existsSync(f)) || '/usr/sbin/clickhouse-server';

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (s.address());
      s.close(() => resolve(port));
    });
  });

const config = (/** @type {string} */ dir, /** @type {number} */ http, /** @type {number} */ tcp) => `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${dir}/log/server.log</log><errorlog>${dir}/log/error.log</errorlog><size>10M</size><count>1</count></logger>
  <http_port>${http}</http_port>
  <tcp_port>${tcp}</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <user_files_path>${dir}/user_files/</user_files_path>
  <format_schema_path>${dir}/format_schemas/</format_schema_path>
  <users_config>${dir}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>67108864</mark_cache_size>
  <uncompressed_cache_size>67108864</uncompressed_cache_size>
  <mlock_executable>false</mlock_executable>
</yandex>
`;

const USERS = `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>2000000000</max_memory_usage></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
`;

/**
 * Installs Debian's clickhouse-server when it is missing and we may (root), as the test
 * script does for Chromium. Returns whether the server is there now.
 */
export const ensureClickHouse = () => {
  if (existsSync(clickhouseServer())) return true;
  if (process.getuid?.() !== 0) return false;
  console.log('Installing Debian clickhouse-server (under a minute)...');
  spawnSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clickhouse-server >/dev/null'], { stdio: 'inherit' });
  return existsSync(clickhouseServer());
};

/**
 * @param {{ timeout?: number }} [options] most ms to wait for it to answer (default 30 s)
 * @returns {Promise<{ url: string, dir: string, stop: () => Promise<void> }>}
 */
export const startClickHouse = async ({ timeout = 30_000 } = {}) => {
  if (!ensureClickHouse()) throw new Error(`clickhouse-server not found at ${clickhouseServer()}: apt-get install -y clickhouse-server`);
  const dir = mkdtempSync(join(tmpdir(), 'waymark-clickhouse-'));
  mkdirSync(join(dir, 'log'));
  const http = /** @type {number} */ (await freePort());
  const tcp = /** @type {number} */ (await freePort());
  writeFileSync(join(dir, 'config.xml'), config(dir, http, tcp));
  writeFileSync(join(dir, 'users.xml'), USERS);
  const child = spawn(clickhouseServer(), [`--config-file=${join(dir, 'config.xml')}`], { stdio: 'ignore' });
  /** @type {Error | undefined} */
  let failed;
  child.once('error', (e) => (failed = e));
  child.once('exit', (code) => (failed ??= new Error(`clickhouse-server exited (${code}) before answering; see ${dir}/log/error.log`)));
  const url = `http://127.0.0.1:${http}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const late = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(late);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const until = Date.now() + timeout;
  for (;;) {
    if (failed) {
      const log = existsSync(join(dir, 'log/error.log')) ? readFileSync(join(dir, 'log/error.log'), 'utf8').slice(-2000) : '';
      await stop();
      throw new Error(failed.message + (log ? '\n' + log : ''));
    }
    try {
      const res = await fetch(`${url}/?query=SELECT%201`);
      if (res.ok) return { url, dir, stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > until) {
      await stop();
      throw new Error(`clickhouse-server did not answer within ${timeout} ms`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
};
