// The chaos e2e (test/e2e/chaos.spec.ts) on many seeds, with the repeats summed by cause.
// Run from the repository root after a build:
//
//   node bench/chaos.mjs                 (seeds 1-40, 40 steps each)
//   node bench/chaos.mjs 1-100 --write   (and write the table into bench/RESULTS.md)
//   node bench/chaos.mjs --summarize      (sum the last run's reports again, without running)
//
// Each seed writes test-results/chaos/seed-N.json; this sums them. Exits non-zero when any
// seed lost an event or saw a repeat no cause explains (the spec fails that seed).
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';

const seeds = process.argv.slice(2).find((a) => /^\d/.test(a)) || '1-40';
const steps = process.env.CHAOS_STEPS || '40';
const summarize = process.argv.includes('--summarize');
if (!summarize) rmSync('test-results/chaos', { recursive: true, force: true });
const started = Date.now();
const run = summarize
  ? { status: 0 }
  : spawnSync('npx', ['playwright', 'test', 'test/e2e/chaos.spec.ts', '--reporter=dot'], {
      stdio: 'inherit',
      env: { ...process.env, CHAOS_SEEDS: seeds, CHAOS_STEPS: steps, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
    });
const reports = readdirSync('test-results/chaos').map((f) => JSON.parse(readFileSync('test-results/chaos/' + f, 'utf8')));
const sum = (f) => reports.reduce((n, r) => n + f(r), 0);
const CAUSES = {
  beaconFirst: 'first copy by an unload beacon, whose answer a page cannot read; sent again by a later page',
  pageGone: 'answered while its page was going (the keepalive flush at hide); sent again by a later page',
  answerLost: 'the collector stored the batch, but the sender never saw the answer (a reset, or its timeout ran out first)',
  beaconRepeat: 'an unload beacon repeated an event another tab (or this one) had delivered',
  unexplained: 'none of the above',
};
const tracked = sum((r) => r.tracked);
const duplicates = sum((r) => r.duplicates);
const pct = (n) => ((100 * n) / tracked).toFixed(2) + ' %';
const minutes = summarize ? sum((r) => r.ms) / 60000 : (Date.now() - started) / 60000;
const lost = reports.filter((r) => r.lost);
const lines = [
  `${reports.length} seeds (${[...new Set(reports.map((r) => r.steps))].join(', ')} steps each; a third without Web Locks), ${minutes.toFixed(1)} min${summarize ? ' of tests' : ''}: ` +
    `${tracked.toLocaleString('en')} events tracked, ${sum((r) => r.lost)} lost, ` +
    `${duplicates.toLocaleString('en')} repeat deliveries (${pct(duplicates)} of events; seeds with none: ${reports.filter((r) => !r.duplicates).length}), ` +
    `${sum((r) => r.requests).toLocaleString('en')} requests of which ${sum((r) => r.beacons)} unload beacons.`,
  '',
  '| why an event arrived again | repeats | share of events |',
  '| --- | ---: | ---: |',
  ...Object.entries(CAUSES).map(([k, text]) => `| ${text} | ${sum((r) => r.causes[k]).toLocaleString('en')} | ${pct(sum((r) => r.causes[k]))} |`),
  ...(lost.length
    ? [
        '',
        'Seeds that lost events, and the steps that tracked them:',
        ...lost.flatMap((r) => [`- seed ${r.seed}: ${r.lost} lost`, ...(r.lostAt || []).map((s) => '  - step ' + s)]),
      ]
    : []),
];
const table = lines.join('\n');
console.log('\n' + table);
if (process.argv.includes('--write')) {
  const file = 'bench/RESULTS.md';
  const md = readFileSync(file, 'utf8');
  const start = '<!-- chaos -->';
  const end = '<!-- /chaos -->';
  const block = start + '\n' + table + '\n' + end;
  writeFileSync(
    file,
    md.includes(start) ? md.replace(new RegExp(start + '[\\s\\S]*?' + end), block) : md + '\n## Delivery under chaos (`node bench/chaos.mjs`)\n\n' + block + '\n',
  );
}
process.exit(run.status ?? 1);
