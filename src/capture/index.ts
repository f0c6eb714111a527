export { pageViews } from './pageViews.js';
