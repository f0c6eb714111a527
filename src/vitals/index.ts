export { webVitals } from './webVitals.js';
