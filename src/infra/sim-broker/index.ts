export * from './broker.js';
export * from './config.js';
export * from './ledger.js';
export * from './margin.js';
export * from './multi-leg.js';
export * from './validate.js';
