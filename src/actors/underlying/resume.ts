import { parseOrderId } from '../../domain/intents/ids.js';
import { isTerminal } from '../../domain/orders/lifecycle.js';
import { parseOcc } from '../../domain/values/contract.js';
import type { StoredOrder } from '../ports/order-store.js';
import type { PositionSeed } from '../position/actor.js';
import type { PendingEntry } from './state.js';

/**
 * The entries to take up again after a restart, from the order store's opening orders (with their
 * entry context) and the journal:
 * - still working, its position not journaled: in flight as it was (nothing filled yet as far as
 *   the engine knows; the broker's cumulative state fills it in);
 * - still working, its position journaled (partly filled): in flight, opened, with the filled part
 *   as the journal has it, so later fills add to the same position;
 * - finished with fills but its position never journaled (the engine died between the fill and the
 *   journal write): in flight, not opened, so the fill (redelivered or looked up) opens the position.
 * A finished order whose position the journal knows, or that filled nothing, needs nothing.
 */
export function resumedEntries(orders: readonly StoredOrder[], seeds: readonly PositionSeed[], journaled: ReadonlySet<string>): PendingEntry[] {
  const open = new Map(seeds.map((s) => [s.position.id, s]));
  const out: PendingEntry[] = [];
  for (const o of orders) {
    if (o.context === undefined || o.intent.effect !== 'open') continue;
    const positionId = parseOrderId(o.intent.clientOrderId).positionId;
    const seed = open.get(positionId);
    const working = !isTerminal(o.status);
    const base = {
      intent: o.intent,
      contract: parseOcc(o.intent.symbol),
      exposure: o.context.exposure,
      entryUnderlying: o.context.entryUnderlying,
      ...(o.context.entryIv === undefined ? {} : { entryIv: o.context.entryIv }),
      ...(o.context.scaleIn === undefined ? {} : { scaleIn: o.context.scaleIn }),
      ...(o.context.structure === undefined ? {} : { structure: o.context.structure }),
      entryReasons: o.intent.reasons,
    };
    if (seed !== undefined) {
      if (!working) continue;
      const { initialQty, entryPrice } = seed.position;
      out.push({ ...base, opened: true, filledQty: initialQty, notional: initialQty * entryPrice, fees: seed.entryFees });
    } else if (!journaled.has(positionId) && (working || o.cumQty > 0)) {
      out.push({ ...base, opened: false, filledQty: 0, notional: 0, fees: 0 });
    }
  }
  return out;
}
