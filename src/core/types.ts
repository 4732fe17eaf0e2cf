// Every data shape of the pipeline, from one import: records (scenario, request, turn), the
// figures derived from them, results.json and its load section.
export type * from './figures.js';
export type * from './load-section.js';
export type * from './records.js';
export type * from './results.js';
