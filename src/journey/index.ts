// The journey stage engine: stages, rules, the plugin, and the pure helpers behind it.
export { journey, STAGE_CHANGED } from './journey.js';
export { explain } from './explain.js';
export { validateRules } from './validateRules.js';
export { readRuleSet } from './readRuleSet.js';
export { touchpoint } from './touchpoint.js';
export { DEFAULT_RULES } from './defaultRules.js';
export { DEFAULT_STAGES } from './stages.js';
export type { JourneyEvent } from './explain.js';
export type { RuleSet } from './readRuleSet.js';
export type { Explanation, JourneyOptions, JourneyState, Pattern, Rule, Touch, ValueTest } from './types.js';
