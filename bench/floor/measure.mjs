// Gzip bytes of bench/floor/minimal.js bundled and minified exactly like the core row of
// scripts/size.mjs (rollup, terser, gzip -9), next to the real core. Run after `npm run build`.
import { bundle } from '../../scripts/size.mjs';
import { fileURLToPath } from 'node:url';

const here = (f) => fileURLToPath(new URL(f, import.meta.url));
const use = (file) => `import { createTracker } from '${file}';\ncreateTracker({ endpoint: 'https://c.example/v1/batch' }).track('x');\n`;
const floor = await bundle(use(here('./minimal.js')));
const core = await bundle(use(here('../../dist/index.js')));
console.log('minimal implementation of the core issue list:', floor.gzip, 'B gzip (' + floor.min + ' minified)');
console.log('Waymark core (createTracker + track):          ', core.gzip, 'B gzip (' + core.min + ' minified)');
