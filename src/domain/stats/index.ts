export * from './inputs.js';
export * from './drawdown.js';
export * from './returns.js';
export * from './trades.js';
export * from './compute.js';
export * from './counts.js';
export * from './strategy.js';
