// The one test command (npm test): builds, runs the checks (type checks, the package as
// resolvers see it), the unit tests (vitest) and the end-to-end tests (Playwright in Debian's
// Chromium), then prints one line that sums them all: "N passed, N failed" (each check counts
// as one). Exits non-zero when anything failed or did not run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' } }).status ?? 1;
const read = (f) => {
  try {
    return JSON.parse(readFileSync(f, 'utf8'));
  } catch {
    return undefined;
  }
};

// A fresh machine has no Chromium: install Debian's (Playwright never downloads one here).
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (!existsSync(chromium) && process.getuid?.() === 0) {
  console.log('Installing Debian chromium (about 20 s)...');
  run('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null']);
}
rmSync('test-results', { recursive: true, force: true });
if (run('npm', ['run', '--silent', 'build']) !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}
// The build emits despite type errors (so one half-written file does not block everyone's
// build); the type checks are here instead, each one test.
/** @type {[string, () => number][]} */
const CHECKS = [
  // Biome: lint and format over src/, test/, the collector and the scripts (biome.jsonc)
  ['lint and format (Biome)', () => run('npx', ['biome', 'ci', '.'])],
  ['type check (src)', () => run('npx', ['tsc', '--noEmit', '-p', '.'])],
  ['type check (collector, JSDoc)', () => run('npx', ['tsc', '-p', 'collector/tsconfig.json'])],
  // the tests, and the public API's type tests (test/types/: `@ts-expect-error` cases)
  ['type check (tests, type tests)', () => run('npx', ['tsc', '-p', 'tsconfig.test.json'])],
  // The package as npm would publish it (packed without rebuilding: the build just ran),
  // checked by publint and by arethetypeswrong under every TypeScript resolver (node10,
  // node16 from CJS and ESM, bundler). The script-tag files are scripts, not modules.
  [
    'package (publint, attw)',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'waymark-pack-'));
      try {
        if (run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir])) return 1;
        const tgz = join(dir, readdirSync(dir)[0]);
        return (
          run('npx', ['publint', '--strict', '--pack', 'false']) ||
          run('npx', ['attw', tgz, '--exclude-entrypoints', './waymark.iife.js', './waymark.debug.iife.js', '--format', 'table-flipped'])
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  ],
];
const checks = CHECKS.map(([name, fn]) => [name, fn()]);
const checksFailed = checks.filter(([, status]) => status).map(([name]) => name);
// `npm test -- --checks`: the build and the checks only, without the test suites.
if (process.argv.includes('--checks')) {
  console.log(`${checks.length - checksFailed.length} passed, ${checksFailed.length} failed` + checksFailed.map((n) => '\n' + n + ': failed').join(''));
  process.exit(checksFailed.length ? 1 : 0);
}
const unitStatus = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile=test-results/unit.json']);
const e2eStatus = run('npx', ['playwright', 'test']);

const unit = read('test-results/unit.json');
const e2e = read('test-results/e2e.json');
let passed = checks.length - checksFailed.length;
let failed = checksFailed.length;
if (unit) (passed += unit.numPassedTests), (failed += unit.numFailedTests);
else failed++;
// vitest fails a run on an uncaught error (a timer's, a promise's) even when every test
// passed: that counts as one failure, or the summary line would hide it.
const unitErrors = unit && unitStatus && !unit.numFailedTests ? 1 : 0;
failed += unitErrors;
if (e2e) (passed += e2e.stats.expected + e2e.stats.flaky), (failed += e2e.stats.unexpected);
else failed++;
console.log(
  `checks: ${checks.length - checksFailed.length} passed; unit: ${unit ? unit.numPassedTests + ' passed' : 'did not run'}; end-to-end: ${e2e ? e2e.stats.expected + ' passed' : 'did not run'}`,
);
console.log(`${passed} passed, ${failed} failed`);
for (const name of checksFailed) console.log(name + ': failed');
if (unitErrors) console.log('unit: errors outside the tests (see "Unhandled Errors" above)');
process.exit(failed || unitStatus || e2eStatus || passed === 0 ? 1 : 0);
