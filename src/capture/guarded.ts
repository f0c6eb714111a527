export { guarded } from '../lib/guarded.js';
