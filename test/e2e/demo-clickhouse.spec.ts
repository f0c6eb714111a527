// `npm run demo -- --clickhouse URL`: the one-command demo on the scale engine. A throwaway
// clickhouse-server (127.0.0.1, temporary data directory) stands in for the shop's; the demo
// sends simulated visitors through the shop and stops; their events are in ClickHouse, and
// no SQLite file was written.
import { test, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error: plain JavaScript with JSDoc types, no declaration file
import { startClickHouse } from '../../collector/test/startClickHouse.js';

test('npm run demo -- --clickhouse URL stores the visitors in ClickHouse', async () => {
  test.setTimeout(300_000);
  const clickhouse = await startClickHouse();
  const dir = mkdtempSync(join(tmpdir(), 'waymark-demo-ch-'));
  try {
    const db = join(dir, 'unused.db');
    // a throwaway ClickHouse, so a truth file of its own
    const truth = join(dir, 'truth.json');
    const child = spawn(
      'npm',
      [
        'run',
        '--silent',
        'demo',
        '--',
        '--clickhouse',
        clickhouse.url,
        '--visitors',
        '2',
        '--exit',
        '--port',
        '0',
        '--shop-port',
        '0',
        '--db',
        db,
        '--quiet',
        '--skip-build',
        '--truth',
        truth,
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code, out).toBe(0);
    expect(out).toContain('(ClickHouse: ' + clickhouse.url);
    expect(out).toMatch(/2 of 2 visitors done/);
    expect(out).toMatch(/funnel: awareness [1-9]/);
    expect(out).toContain('The summary matches ground truth.');
    const count = async (sql: string) => Number((await (await fetch(clickhouse.url + '/?query=' + encodeURIComponent(sql))).text()).trim());
    expect(await count('SELECT count() FROM waymark.events')).toBeGreaterThan(0);
    expect(await count('SELECT uniqExact(anonymous_id) FROM waymark.events')).toBe(2);
    expect(existsSync(db)).toBe(false);
    expect(JSON.parse(readFileSync(truth, 'utf8')).visitors).toHaveLength(2);
  } finally {
    await clickhouse.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
