export * from './evaluate.js';
export * from './option-stops.js';
export * from './partial.js';
export * from './trailing.js';
export * from './types.js';
export * from './deadlines.js';
