import { z } from 'zod';
import { fraction } from './common.js';

/** How orders are priced. Options are day orders, whole contracts, no extended hours. */
export const executionSchema = z
  .strictObject({
    orderType: z.enum(['limit', 'market']).default('limit'),
    /** Limit price = mid ± this fraction of the half-spread toward the far side (0 = mid). */
    limitOffsetOfHalfSpread: fraction.default(0.25),
  })
  .prefault({});
