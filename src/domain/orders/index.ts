export * from './alpaca-events.js';
export * from './lifecycle.js';
export * from './state.js';
export * from './progress.js';
