export * from './dates.js';
export * from './expiries.js';
export * from './holidays.js';
export * from './session.js';
export * from './trading-days.js';
