/** The default stage list, in order (see the journey model in the README). */
export const DEFAULT_STAGES = ['awareness', 'consideration', 'decision', 'purchase', 'retention', 'advocacy'];
