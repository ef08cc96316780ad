import { describe, expect, it } from 'vitest';
import { loadSimBrokerConfig, sessionMinutes } from '../../../src/infra/sim-broker/config.js';
import { isRegularSession, newYorkClock } from '../../../src/infra/sim-broker/session.js';

const cfg = loadSimBrokerConfig();

describe('regular session', () => {
  it('follows New York time across daylight saving', () => {
    expect(newYorkClock(Date.UTC(2025, 5, 11, 13, 30))).toEqual({ weekday: 'Wed', minuteOfDay: 570 });
    expect(isRegularSession(Date.UTC(2025, 5, 11, 13, 30), cfg)).toBe(true); // 09:30 EDT
    expect(isRegularSession(Date.UTC(2025, 0, 15, 13, 30), cfg)).toBe(false); // 08:30 EST
    expect(isRegularSession(Date.UTC(2025, 0, 15, 14, 30), cfg)).toBe(true); // 09:30 EST
  });

  it('closes at the close and on weekends', () => {
    expect(isRegularSession(Date.UTC(2025, 5, 11, 19, 59), cfg)).toBe(true);
    expect(isRegularSession(Date.UTC(2025, 5, 11, 20, 0), cfg)).toBe(false); // 16:00 EDT
    expect(isRegularSession(Date.UTC(2025, 5, 14, 15, 0), cfg)).toBe(false); // Saturday
  });

  it('has documented defaults and rejects a session that closes before it opens', () => {
    expect(cfg).toMatchObject({ commissionPerContract: 0, orfPerContract: 0.02, occClearingPerContract: 0.02, slippageTicks: 1 });
    expect(sessionMinutes(cfg)).toBe(390);
    expect(() => loadSimBrokerConfig({ sessionOpenEt: '16:00', sessionCloseEt: '09:30' })).toThrow(/before/);
    expect(() => loadSimBrokerConfig({ sessionOpenEt: '9:30' })).toThrow(/HH:MM/);
    expect(() => loadSimBrokerConfig({ tickSize: 0 })).toThrow();
  });
});
