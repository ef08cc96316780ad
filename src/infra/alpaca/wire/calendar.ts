import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');

/**
 * One day of GET /v2/calendar (the SDK's LegacyCalendarDay in @alpacahq/alpaca-trade-api 4.0.2):
 * a trading day, New York date, its regular open and close as 'HH:MM' New York time (close
 * "13:00" on an early close). Days the market is closed are not listed. The extended session
 * ('HHMM') and the settlement date are read when present, not used.
 */
export const alpacaCalendarDaySchema = z
  .object({
    date: isoDate,
    open: hhmm,
    close: hhmm,
    session_open: z.string().optional(),
    session_close: z.string().optional(),
    settlement_date: z.string().optional(),
  })
  .refine((d) => d.open < d.close, { message: 'close is not after open', path: ['close'] });
export type AlpacaCalendarDay = z.output<typeof alpacaCalendarDaySchema>;

export const alpacaCalendarSchema = z.array(alpacaCalendarDaySchema);

export function parseAlpacaCalendar(raw: unknown): AlpacaCalendarDay[] {
  return alpacaCalendarSchema.parse(raw);
}
