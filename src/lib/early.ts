/**
 * Where the script tag keeps the clicks and submits it saw before the captures that listen for
 * them had loaded (src/script/earlyTriggers.ts, read by src/capture/domTriggers.ts): a
 * registered symbol on `window`, because the loader and the split files are built apart and
 * share no module (a mangled property name would differ between them).
 */
export const EARLY = Symbol.for('waymark.early');
