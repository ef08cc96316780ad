export * from './broker.js';
export * from './config.js';
export * from './ledger.js';
export * from './validate.js';
