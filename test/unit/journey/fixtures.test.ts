import { afterEach, expect, test } from 'vitest';
import { journey, STAGE_CHANGED } from '../../../src/journey/index.js';
import type { Rule } from '../../../src/journey/index.js';
import { drive, type Journey } from './drive.js';
import defaults from '../../fixtures/journeys/default.json' with { type: 'json' };
import custom from '../../fixtures/journeys/custom.json' with { type: 'json' };

afterEach(() => localStorage.clear());

// Plays a labelled journey and checks the stage of every event, the furthest stage, channel
// and rule where labelled, and that "Journey Stage Changed" went out exactly when the
// furthest stage advanced, from the old furthest stage to the new one.
const play = async (j: Journey, options: Parameters<typeof journey>[0]) => {
  const d = drive(journey(options));
  let furthest: string | undefined;
  for (const [i, s] of j.steps.entries()) {
    const at = j.name + ', step ' + i;
    const before = d.tracked.length;
    const m = d.step(s);
    await Promise.resolve();
    const jc = m.context.journey;
    expect(jc.stage, at).toBe(s.expect);
    if (s.furthest) expect(jc.furthestStage, at + ' furthest').toBe(s.furthest);
    if (s.channel) expect(jc.channel, at + ' channel').toBe(s.channel);
    if (s.rule !== undefined) expect(jc.rule ?? null, at + ' rule').toBe(s.rule);
    const changed = d.tracked.slice(before);
    if (furthest !== undefined && jc.furthestStage != furthest)
      expect(changed, at + ' stage change').toEqual([
        { event: STAGE_CHANGED, properties: { from: furthest, to: jc.furthestStage, event: m.event || m.type, messageId: m.messageId, rule: jc.rule } },
      ]);
    else if (furthest !== undefined) expect(changed, at + ' no stage change').toEqual([]);
    furthest = jc.furthestStage;
  }
  d.off();
};

test('at least 40 labelled journeys in all', () => {
  expect(defaults.journeys.length + custom.journeys.length).toBeGreaterThanOrEqual(40);
  expect(defaults.journeys.length).toBeGreaterThanOrEqual(40);
});

test.each(defaults.journeys.map((j) => [j.name, j] as const))('default rules: %s', async (_, j) => {
  await play(j as Journey, undefined);
});

test.each(custom.journeys.map((j) => [j.name, j] as const))('custom stages and rules: %s', async (_, j) => {
  await play(j as Journey, { stages: custom.stages, rules: custom.rules as Rule[] });
});

test.each(custom.journeys.map((j) => [j.name, j] as const))('custom set given as JSON text: %s', async (_, j) => {
  await play(j as Journey, { rules: JSON.stringify({ stages: custom.stages, rules: custom.rules }) });
});
