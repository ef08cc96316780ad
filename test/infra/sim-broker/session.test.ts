import { describe, expect, it } from 'vitest';
import { loadSimBrokerConfig } from '../../../src/infra/sim-broker/config.js';
import { isRegularSession } from '../../../src/infra/sim-broker/session.js';

describe('regular session', () => {
  it('follows New York time across daylight saving', () => {
    expect(isRegularSession(Date.UTC(2025, 5, 11, 13, 30))).toBe(true); // 09:30 EDT
    expect(isRegularSession(Date.UTC(2025, 0, 15, 13, 30))).toBe(false); // 08:30 EST
    expect(isRegularSession(Date.UTC(2025, 0, 15, 14, 30))).toBe(true); // 09:30 EST
  });

  it('closes at the close, on weekends and on exchange holidays', () => {
    expect(isRegularSession(Date.UTC(2025, 5, 11, 19, 59))).toBe(true);
    expect(isRegularSession(Date.UTC(2025, 5, 11, 20, 0))).toBe(false); // 16:00 EDT
    expect(isRegularSession(Date.UTC(2025, 5, 14, 15, 0))).toBe(false); // Saturday
    expect(isRegularSession(Date.UTC(2025, 6, 4, 15, 0))).toBe(false); // Independence Day
  });

  it('has documented defaults', () => {
    expect(loadSimBrokerConfig()).toMatchObject({ commissionPerContract: 0, orfPerContract: 0.02, occClearingPerContract: 0.02, slippageTicks: 1 });
    expect(() => loadSimBrokerConfig({ tickSize: 0 })).toThrow();
  });
});
