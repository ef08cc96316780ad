export * from './types.js';
export * from './structure.js';
export * from './pricing.js';
export * from './risk.js';
export * from './select.js';
export * from './exits.js';
export * from './settlement.js';
export * from './orders.js';
