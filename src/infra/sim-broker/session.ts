import { finite } from '../../domain/values/numbers.js';
import { minutesOf, type SimBrokerConfig } from './config.js';

// Deterministic: the time-zone rules come with Node's ICU data, not from the clock.
const NEW_YORK = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  weekday: 'short',
  hour: 'numeric',
  minute: 'numeric',
  hourCycle: 'h23',
});

/** Weekday ('Mon'…'Sun') and minutes after midnight in New York at `now` (epoch ms), DST included. */
export function newYorkClock(now: number): { weekday: string; minuteOfDay: number } {
  const parts = NEW_YORK.formatToParts(finite(now, 'now'));
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return { weekday: part('weekday'), minuteOfDay: Number(part('hour')) * 60 + Number(part('minute')) };
}

/**
 * Whether `now` falls in the regular session: a weekday between open (inclusive) and close
 * (exclusive), New York time. Exchange holidays are not modelled: a backtest has no quotes on them.
 */
export function isRegularSession(now: number, c: Pick<SimBrokerConfig, 'sessionOpenEt' | 'sessionCloseEt'>): boolean {
  const { weekday, minuteOfDay } = newYorkClock(now);
  if (weekday === 'Sat' || weekday === 'Sun') return false;
  return minuteOfDay >= minutesOf(c.sessionOpenEt) && minuteOfDay < minutesOf(c.sessionCloseEt);
}
