export * from './bar.js';
export * from './contract.js';
export * from './numbers.js';
export * from './order.js';
export * from './position.js';
export * from './quote.js';
export * from './time.js';
