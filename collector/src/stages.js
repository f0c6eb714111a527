/**
 * The journey stages, in order (see JOURNEY.md). A CRO team that replaced the stage list in
 * the SDK passes its own list to `startCollector({ stages })`.
 */
export const DEFAULT_STAGES = ['awareness', 'consideration', 'decision', 'purchase', 'retention', 'advocacy'];
