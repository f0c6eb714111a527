// The one test command (npm test): builds, runs the unit tests (vitest) and the end-to-end
// tests (Playwright in Debian's Chromium), then prints one line that sums both:
// "N passed, N failed". Exits non-zero when anything failed or did not run.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

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
// build); the type checks (the SDK's TypeScript, the collector's JSDoc) are here instead, and
// count as a failed test.
const typesStatus = run('npx', ['tsc', '--noEmit', '-p', '.']) | run('npx', ['tsc', '-p', 'collector/tsconfig.json']);
const unitStatus = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile=test-results/unit.json']);
const e2eStatus = run('npx', ['playwright', 'test']);

const unit = read('test-results/unit.json');
const e2e = read('test-results/e2e.json');
let passed = 0;
let failed = typesStatus ? 1 : 0;
if (unit) (passed += unit.numPassedTests), (failed += unit.numFailedTests);
else failed++;
// vitest fails a run on an uncaught error (a timer's, a promise's) even when every test
// passed: that counts as one failure, or the summary line would hide it.
const unitErrors = unit && unitStatus && !unit.numFailedTests ? 1 : 0;
failed += unitErrors;
if (e2e) (passed += e2e.stats.expected + e2e.stats.flaky), (failed += e2e.stats.unexpected);
else failed++;
console.log(`unit: ${unit ? unit.numPassedTests + ' passed' : 'did not run'}; end-to-end: ${e2e ? e2e.stats.expected + ' passed' : 'did not run'}`);
console.log(`${passed} passed, ${failed} failed`);
if (typesStatus) console.log('type check: failed');
if (unitErrors) console.log('unit: errors outside the tests (see "Unhandled Errors" above)');
process.exit(failed || unitStatus || e2eStatus || passed === 0 ? 1 : 0);
