// Ground truth: what the dashboard's summary must say about a batch of simulated visitors
// (scripts/visitors.mjs records each one's truth). One comparison, used by the end-to-end
// test (test/e2e/truth.spec.ts) and by the demo (npm run demo -- --visitors 40 --exit).
//
//   import { compareTruth, expectedSummary } from './scripts/truth.mjs';
//   const differences = compareTruth(await collector.summary(), truth.visitors);
//   differences.length == 0   // the summary equals the truth, exactly
import { readFileSync } from 'node:fs';

/** The default journey stages, in order. */
export const STAGES = ['awareness', 'consideration', 'decision', 'purchase', 'retention', 'advocacy'];

const cents = (n) => Math.round(n * 100) / 100;

/**
 * The figures the summary (contract C3) must show for `visitors` (each one's truth):
 * visitors, visits, visitors per stage reached (a furthest stage at or beyond it), and the
 * abandoned carts and checkouts: count, value, by checkout step and by the channel of the visit
 * they closed (one per visitor who left a cart and did not come back within the window to buy).
 */
export const expectedSummary = (visitors, stages = STAGES) => {
  const abandoned = visitors.map((v) => v.abandoned).filter(Boolean);
  const carts = abandoned.filter((a) => a.kind == 'cart');
  const checkouts = abandoned.filter((a) => a.kind == 'checkout');
  const sum = (list) => cents(list.reduce((s, a) => s + a.value, 0));
  const steps = [...new Set(checkouts.map((a) => a.step))].sort((a, b) => a - b);
  const channels = [...new Set(abandoned.map((a) => a.channel))].sort();
  return {
    visitors: visitors.length,
    visits: visitors.reduce((n, v) => n + v.visits, 0),
    funnel: stages.map((stage, i) => ({ stage, visitors: visitors.filter((v) => stages.indexOf(v.furthest) >= i).length })),
    carts: { count: carts.length, value: sum(carts) },
    checkouts: {
      count: checkouts.length,
      value: sum(checkouts),
      byStep: steps.map((step) => {
        const at = checkouts.filter((a) => a.step == step);
        return { step, name: at[0].stepName, count: at.length, value: sum(at) };
      }),
    },
    byChannel: channels.map((channel) => {
      const c = carts.filter((a) => a.channel == channel);
      const k = checkouts.filter((a) => a.channel == channel);
      return { channel, carts: c.length, cartValue: sum(c), checkouts: k.length, checkoutValue: sum(k) };
    }),
    // the friction the visitors caused (a truth file from before friction has none)
    friction: {
      formErrors: visitors.flatMap((v) => v.friction || []).filter((f) => f.kind == 'Form Error').length,
      rageClicks: visitors.flatMap((v) => v.friction || []).filter((f) => f.kind == 'Rage Click').length,
      withFriction: visitors.filter((v) => v.abandoned?.kind == 'checkout' && (v.friction || []).some((f) => f.step == v.abandoned.step)).length,
    },
  };
};

/**
 * Compares a summary (GET /api/summary, contract C3) with the truth of the visitors it should
 * count. Returns the differences, one line each ("checkouts at step 2: count 3, truth 4"); none
 * means the summary equals the truth exactly. Steps and channels with nothing abandoned may be
 * absent from the summary or present with zeros.
 */
export const compareTruth = (summary, visitors, stages = STAGES) => {
  const want = expectedSummary(visitors, stages);
  const out = [];
  const eq = (what, got, truth) => {
    if (typeof truth == 'number' ? !(typeof got == 'number' && Math.abs(got - truth) < 0.005) : got !== truth)
      out.push(`${what}: summary ${JSON.stringify(got)}, truth ${JSON.stringify(truth)}`);
  };
  const t = summary?.totals || {};
  eq('visitors', t.visitors, want.visitors);
  eq('visits', t.visits, want.visits);
  for (const { stage, visitors: n } of want.funnel) eq(`visitors at ${stage}`, summary?.funnel?.find((f) => f.stage == stage)?.visitors, n);
  const a = summary?.abandonment;
  if (!a) return [...out, 'abandonment: the summary has no abandonment block (contract C3)'];
  eq('abandoned carts', a.carts?.count, want.carts.count);
  eq('abandoned carts, value', a.carts?.value, want.carts.value);
  eq('abandoned checkouts', a.checkouts?.count, want.checkouts.count);
  eq('abandoned checkouts, value', a.checkouts?.value, want.checkouts.value);
  const zero = { count: 0, value: 0, carts: 0, cartValue: 0, checkouts: 0, checkoutValue: 0 };
  const steps = new Set([...want.checkouts.byStep, ...(a.checkouts?.byStep || [])].map((s) => s.step));
  for (const step of [...steps].sort()) {
    const got = a.checkouts?.byStep?.find((s) => s.step == step) || { ...zero, name: undefined };
    const truth = want.checkouts.byStep.find((s) => s.step == step) || { ...zero, name: got.name };
    eq(`checkouts abandoned at step ${step}`, got.count, truth.count);
    eq(`checkouts abandoned at step ${step}, value`, got.value, truth.value);
    if (truth.count) eq(`checkout step ${step}, name`, got.name, truth.name);
  }
  const channels = new Set([...want.byChannel, ...(a.byChannel || [])].map((c) => c.channel));
  for (const channel of [...channels].sort()) {
    const got = a.byChannel?.find((c) => c.channel == channel) || zero;
    const truth = want.byChannel.find((c) => c.channel == channel) || zero;
    for (const k of ['carts', 'cartValue', 'checkouts', 'checkoutValue']) eq(`${channel}: ${k}`, got[k], truth[k]);
  }
  const f = summary?.friction;
  const kind = (/** @type {string} */ k) => f?.byKind?.find((x) => x.kind == k)?.count ?? 0;
  eq('friction: Form Error', kind('Form Error'), want.friction.formErrors);
  eq('friction: Rage Click', kind('Rage Click'), want.friction.rageClicks);
  eq('abandoned checkouts with friction where they ended', f?.abandonedCheckouts?.withFriction, want.friction.withFriction);
  return out;
};

/** Reads a truth file written by runVisitors({ truth }): { seed, visitors }. */
export const readTruth = (file) => JSON.parse(readFileSync(file, 'utf8'));

const eur = (n) => 'EUR ' + (Number(n) || 0).toFixed(2);
// Both sides in the same few lines, so a person can read them one above the other.
const lines = (w) => [
  `${w.visitors} visitors, ${w.visits} visits`,
  `funnel: ${(w.funnel || []).map((f) => `${f.stage} ${f.visitors}`).join(' > ')}`,
  `abandoned carts: ${w.carts?.count} (${eur(w.carts?.value)}); checkouts: ${w.checkouts?.count} (${eur(w.checkouts?.value)}): ${(w.checkouts?.byStep || []).map((s) => `step ${s.step} ${s.name} ${s.count} (${eur(s.value)})`).join(', ') || 'none'}`,
  `by channel: ${
    (w.byChannel || [])
      .filter((c) => c.carts || c.checkouts)
      .map((c) => `${c.channel} ${c.carts} carts ${eur(c.cartValue)}, ${c.checkouts} checkouts ${eur(c.checkoutValue)}`)
      .join('; ') || 'none'
  }`,
  `friction: ${w.friction?.formErrors ?? 0} form errors, ${w.friction?.rageClicks ?? 0} rage clicks; abandoned checkouts with friction where they ended: ${w.friction?.withFriction ?? 0}`,
];

/** The truth as a few lines for a person: what the comparison expects. */
export const describeTruth = (visitors, stages = STAGES) => {
  const exits = {};
  for (const v of visitors) exits[v.exit] = (exits[v.exit] || 0) + 1;
  const [first, ...rest] = lines(expectedSummary(visitors, stages));
  return [
    `${first}; exits: ${Object.entries(exits)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
    ...rest,
  ];
};

/** A summary (contract C3) in the same lines as {@link describeTruth}. */
export const describeSummary = (summary) => {
  const a = summary?.abandonment || {};
  const f = summary?.friction;
  const kind = (/** @type {string} */ k) => f?.byKind?.find((x) => x.kind == k)?.count ?? 0;
  const friction = { formErrors: kind('Form Error'), rageClicks: kind('Rage Click'), withFriction: f?.abandonedCheckouts?.withFriction ?? 0 };
  return lines({ ...summary?.totals, funnel: summary?.funnel, carts: a.carts, checkouts: a.checkouts, byChannel: a.byChannel, friction });
};
