import { describe, expect, it } from 'vitest';
import { venueCalendar } from '../../../src/domain/calendar/index.js';
import { isRegularSession } from '../../../src/infra/sim-broker/session.js';

describe('the simulated market on an early close', () => {
  it('closes at 13:00 New York on Thursday July 3 2025 (17:00 UTC) and Wednesday Dec 24 2025 (18:00 UTC)', () => {
    expect(isRegularSession(Date.UTC(2025, 6, 3, 16, 59))).toBe(true);
    expect(isRegularSession(Date.UTC(2025, 6, 3, 17, 0))).toBe(false);
    expect(isRegularSession(Date.UTC(2025, 11, 24, 17, 59))).toBe(true);
    expect(isRegularSession(Date.UTC(2025, 11, 24, 18, 0))).toBe(false);
    expect(isRegularSession(Date.UTC(2025, 6, 2, 19, 59))).toBe(true); // the day before: until 16:00
  });

  it('follows the calendar it is given', () => {
    const venue = venueCalendar([{ date: '2025-07-03', open: '09:30', close: '16:00' }], { from: '2025-07-03', to: '2025-07-03' });
    expect(isRegularSession(Date.UTC(2025, 6, 3, 17, 0), venue)).toBe(true);
  });
});
