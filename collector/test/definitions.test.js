// Each figure's definition is written once (definitions.js) and shown in three places: the
// summary (so the dashboard prints it), the dashboard's code paths, and the README. This keeps
// the README from drifting from what is computed.
import { expect, test } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { DEFINITIONS } from '../src/store/definitions.js';
import { openStore } from '../src/store/openStore.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
// the dashboard's modules (a panel of its own may print its definitions)
const dashboard = readdirSync(new URL('../public/', import.meta.url))
  .filter((f) => f.endsWith('.js'))
  .map((f) => readFileSync(new URL('../public/' + f, import.meta.url), 'utf8'))
  .join('\n');

test.each(Object.entries(DEFINITIONS))('%s: the README states the definition the summary computes', (key, text) => {
  expect(readme).toContain(`| ${text} |`);
  // the dashboard shows it (as a tooltip or a footnote)
  expect(dashboard).toContain(`d.${key}`);
});

test('the summary carries the definitions, for the dashboard to print', async () => {
  const store = await openStore({ engine: 'sqlite', file: ':memory:' });
  expect((await store.summary()).definitions).toEqual(DEFINITIONS);
  await store.close();
});
