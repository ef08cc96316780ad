/**
 * The domain's public API: pure, deterministic rules from the seed. Values in, decisions
 * (with their reasons) out. Adapters and actors import from here.
 */
export * from './values/index.js';
export * from './config/index.js';
export * from './decision.js';
export * from './errors.js';
export * from './features.js';
export * from './calendar/index.js';

export * from './indicators/feature-engine.js';
export * from './indicators/iv-rank.js';
export * from './indicators/trend.js';

export * from './signals/evaluate.js';
export * from './signals/iv-regime.js';
export * from './signals/momentum.js';
export * from './signals/reasons.js';

export * from './liquidity/check.js';
export * from './liquidity/raw.js';

export * from './selection/types.js';
export * from './selection/score.js';
export * from './selection/screen.js';
export * from './selection/select.js';
export * from './selection/fill-greeks.js';

export * from './pricing/black-scholes.js';
export * from './pricing/implied-vol.js';
export * from './pricing/normal.js';

export * from './sizing/index.js';
export * from './exits/index.js';
export * from './rolling/types.js';
export * from './rolling/evaluate.js';
export * from './portfolio/index.js';
export * from './orders/index.js';
export * from './stats/index.js';
export * from './intents/index.js';
