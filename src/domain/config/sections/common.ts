import { z } from 'zod';

/** A fraction in [0, 1] (0.005 = 0.5 %). */
export const fraction = z.number().finite().min(0).max(1);
export const positiveNumber = z.number().finite().positive();
export const nonNegativeNumber = z.number().finite().min(0);
export const wholeNumber = z.number().int().min(0);

/** A [min, max] range whose min ≤ max. */
export function range(bounds: z.ZodNumber, dflt: { min: number; max: number }) {
  return z
    .strictObject({ min: bounds.default(dflt.min), max: bounds.default(dflt.max) })
    .refine((r) => r.min <= r.max, { message: 'min must be <= max' })
    .default(dflt);
}

/** Values by trade type. */
export function byTradeType<T extends z.ZodType>(schema: T, dflt: { day: z.input<T>; swing: z.input<T> }) {
  return z.strictObject({ day: schema.default(dflt.day as never), swing: schema.default(dflt.swing as never) }).default(dflt as never);
}
