export * from './book.js';
export * from './check.js';
export * from './exposure.js';
export * from './greeks.js';
export * from './profit-target.js';
export * from './state.js';
export * from './totals.js';
export * from './hedge.js';
