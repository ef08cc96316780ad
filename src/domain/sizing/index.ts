export * from './atr.js';
export * from './kelly.js';
export * from './reasons.js';
export * from './scale-in.js';
export * from './size.js';
export * from './tranche.js';
