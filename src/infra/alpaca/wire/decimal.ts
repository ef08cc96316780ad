import { z } from 'zod';

/**
 * A number as Alpaca puts it on the wire: a decimal string ("3", "1.25", "0"). Alpaca sends
 * prices and quantities as strings so they survive JSON without float rounding.
 */
export const wireDecimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'a decimal string such as "1.25"');
