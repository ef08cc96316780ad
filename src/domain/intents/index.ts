export * from './entry.js';
export * from './exit.js';
export * from './ids.js';
export * from './limit-price.js';
export * from './add.js';
export * from './short-entry.js';
export * from './short-exit.js';
export * from './hedge.js';
