// What the script tag's split files (dist/script/) take from the loader instead of carrying a
// copy of their own: helpers the loader already has for the core, page views and abandonment.
// The loader leaves `provided` on `window` under a symbol named by the version (src/iife.ts);
// the split build turns a split file's import of one of these names into a read of its place
// in the list (scripts/fromLoader.mjs reads this file: one import per module, and the list
// below names each imported name once). Constants are not listed: inlined in each file, they
// are smaller than a read. A name a split file uses but this list lacks is a copy in that file.
import { on } from '../lib/on.js';
import { errorText, guarded } from '../lib/guarded.js';
import { isObject } from '../lib/isObject.js';
import { readOptions } from '../lib/readOptions.js';
import { bounded } from '../lib/limits.js';
import { uuid } from '../lib/uuid.js';
import { maskText } from '../lib/maskPii.js';
import { denyFor, scrubUrl } from '../lib/scrubUrl.js';
import { endpointUrl } from '../core/validateConfig.js';
import { whenReady } from '../capture/whenReady.js';
import { wrap } from '../capture/wrap.js';
import { cartProperties, endCart, loadState, saveState } from '../capture/commerceState.js';

/** By place, not by name: a list's places cost no bytes, names would (the build reads this). */
export const provided = [
  on,
  errorText,
  guarded,
  isObject,
  readOptions,
  bounded,
  uuid,
  maskText,
  denyFor,
  scrubUrl,
  endpointUrl,
  whenReady,
  wrap,
  cartProperties,
  endCart,
  loadState,
  saveState,
];
