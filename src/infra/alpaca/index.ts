export { AlpacaBroker } from './broker.js';
export type { AlpacaBrokerOptions, AlpacaLogger } from './options.js';
export type { AlpacaBrokerCounters } from './counters.js';
export { ALPACA_REASONS, type AlpacaReason } from './translate/reasons.js';
