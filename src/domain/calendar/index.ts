export * from './dates.js';
export * from './early-closes.js';
export * from './expiries.js';
export * from './holidays.js';
export * from './session.js';
export * from './session-calendar.js';
export * from './trading-days.js';
export * from './venue-calendar.js';
