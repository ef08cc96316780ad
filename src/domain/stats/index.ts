export * from './inputs.js';
export * from './drawdown.js';
export * from './returns.js';
export * from './trades.js';
export * from './compute.js';
