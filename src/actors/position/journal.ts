import { z } from 'zod';
import { isThetisOrderId } from '../../domain/intents/ids.js';
import type { Features } from '../../domain/features.js';
import { makeBar } from '../../domain/values/bar.js';
import { makeStructure } from '../../domain/premium/structure.js';
import { makeContract } from '../../domain/values/contract.js';
import { PREMIUM_STRUCTURES } from '../../domain/values/structure.js';
import { makePosition, type Position } from '../../domain/values/position.js';
import type { PositionSnapshot } from '../ports/position-journal.js';
import type { PositionSeed } from './actor.js';
import type { PositionState, RollState, ScaleInState } from './state.js';

/**
 * What a position actor journals: everything a restart needs to resume it (the position with its
 * stops, trailing state and partial stage, its entry and exits so far, the exit order in flight, a roll not yet handed over).
 * Timers are not stored: their absolute deadlines follow from the position and the rules, and are
 * re-armed on start (an overdue one fires at once). The last bar and its features are kept, so a
 * timer that fires after a restart, before the next bar, is judged on the last market seen; the
 * quote comes again.
 */
export function snapshotOf(s: PositionState, ts: number): PositionSnapshot {
  const { position, greeks, entryOrderId, entryWorking, entryReasons, entryFees, exitSeq, exitQty, exitNotional, exitFees, exitReasons, pendingExit, lastBar, lastFeatures, scaleIn, roll } = s;
  const market = lastBar === undefined || lastFeatures === undefined ? undefined : { bar: lastBar, features: lastFeatures };
  return {
    id: position.id,
    underlying: position.contract.underlying,
    symbol: position.contract.symbol,
    // A roll not yet handed to the underlying keeps it open: a restart between the legs hands it over.
    open: position.qty > 0 || pendingExit !== undefined || entryWorking || scaleIn?.pending !== undefined || roll !== undefined,
    ts,
    state: {
      position,
      greeks,
      entryOrderId,
      entryWorking,
      entryReasons,
      entryFees,
      exits: { exitSeq, exitQty, exitNotional, exitFees, exitReasons },
      ...(pendingExit === undefined ? {} : { pendingExit }),
      ...(market === undefined ? {} : { market }),
      ...(scaleIn === undefined ? {} : { scaleIn }),
      ...(roll === undefined ? {} : { roll }),
    },
  };
}

const num = z.number().finite();
const contractSchema = z.object({ underlying: z.string(), expiry: z.string(), right: z.enum(['call', 'put']), strike: num, multiplier: num }).passthrough();

function contractOf(c: z.infer<typeof contractSchema>) {
  return makeContract({ underlying: c.underlying, expiry: c.expiry, right: c.right, strike: c.strike, multiplier: c.multiplier });
}
const exposure = z
  .object({ id: z.string().refine(isThetisOrderId, 'is not a Thetis order id'), underlying: z.string().min(1), symbol: z.string().min(1), qty: num.nonnegative(), multiplier: num.positive(), delta: num, gamma: num, theta: num, vega: num, capitalAtRisk: num })
  .strict();
const journaled = z.object({
  position: z
    .object({
      id: z.string().min(1),
      contract: contractSchema,
      side: z.enum(['long', 'short']),
      tradeType: z.enum(['day', 'swing']),
      direction: z.enum(['bullish', 'bearish']),
      qty: num,
      initialQty: num,
      entryPrice: num,
      entryTs: num,
      entryUnderlying: num,
      entryIv: num.optional(),
      peakOptionPrice: num,
      peakUnderlying: num,
      trailFloorPct: num.optional(),
      partialStage: num,
      structure: z
        .object({ kind: z.enum(PREMIUM_STRUCTURES), legs: z.array(z.object({ contract: contractSchema, side: z.enum(['long', 'short']) }).passthrough()).min(1).max(2) })
        .passthrough()
        .optional(),
    })
    .passthrough(),
  greeks: z.object({ delta: num, gamma: num, theta: num, vega: num }).passthrough(),
  entryOrderId: z.string().min(1),
  entryWorking: z.boolean(),
  entryReasons: z.array(z.string()),
  entryFees: num,
  exits: z.object({ exitSeq: num, exitQty: num, exitNotional: num, exitFees: num, exitReasons: z.array(z.string()) }),
  market: z
    .object({
      bar: z.object({ symbol: z.string().min(1), ts: num, open: num, high: num, low: num, close: num, volume: num }).strict(),
      features: z
        .object({
          symbol: z.string().min(1),
          ts: num,
          close: num,
          sma20: num.optional(),
          sma20Slope: num.optional(),
          ret5m: num.optional(),
          ret15m: num.optional(),
          volumeRatio: num.optional(),
          volumeBarsAbove: num,
          atr: num.optional(),
          realizedVol: num.optional(),
          smaCrosses: num,
          trend: z.enum(['up', 'down', 'flat']),
          ready: z.boolean(),
        })
        .strict(),
    })
    .optional(),
  pendingExit: z
    .object({ clientOrderId: z.string().min(1), qty: num, reasons: z.array(z.string()), sentAt: num, cumQty: num, notional: num, cancelling: z.boolean(), stageBefore: num, floorBefore: num.optional() })
    .optional(),
  scaleIn: z
    .object({
      plan: z.object({ addQty: z.number().int().positive(), budget: num.positive() }).strict(),
      seq: z.number().int().nonnegative(),
      done: z.boolean(),
      pending: z
        .object({ clientOrderId: z.string().refine(isThetisOrderId, 'is not a Thetis order id'), qty: num, reasons: z.array(z.string()), sentAt: num, cumQty: num, notional: num, exposure, cancelling: z.boolean() })
        .strict()
        .optional(),
    })
    .strict()
    .optional(),
  roll: z
    .object({
      symbol: z.string().min(1),
      structure: z.object({ kind: z.enum(PREMIUM_STRUCTURES), wing: z.string().min(1).optional() }).strict().optional(),
      qty: num.positive(),
      decidedAt: num,
      reasons: z.array(z.string()),
    })
    .strict()
    .optional(),
});

export class JournalError extends Error {
  override readonly name = 'JournalError';
}

/** A journaled position, checked field by field, as the seed of its actor. Throws JournalError for a snapshot that is not one. */
export function seedFrom(snapshot: PositionSnapshot): PositionSeed {
  const r = journaled.safeParse(snapshot.state);
  if (!r.success) throw new JournalError(`position ${snapshot.id}: ${r.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  const { position: p, greeks, entryOrderId, entryWorking, entryReasons, entryFees, exits, pendingExit, market, scaleIn, roll } = r.data;
  const contract = contractOf(p.contract);
  const { structure: s, ...rest } = p;
  // A sold structure is built again leg by leg (makeStructure checks the legs belong together).
  const structure = s === undefined ? undefined : makeStructure(s.kind, contractOf(s.legs[0]!.contract), s.legs[1] === undefined ? undefined : contractOf(s.legs[1].contract));
  const position: Position = makePosition({ ...(rest as unknown as Position), contract, ...(structure === undefined ? {} : { structure }) });
  const { delta, gamma, theta, vega } = greeks;
  return {
    position,
    greeks: { delta, gamma, theta, vega },
    entryOrderId,
    entryWorking,
    entryReasons,
    entryFees,
    exits,
    ...(pendingExit === undefined ? {} : { pendingExit }),
    ...(market === undefined ? {} : { lastBar: makeBar(market.bar), lastFeatures: stripUndefined(market.features) }),
    ...(scaleIn === undefined ? {} : { scaleIn: withoutUndefined(scaleIn) }),
    ...(roll === undefined ? {} : { roll: rollOf(roll) }),
    fromJournal: true,
  };
}

/** The roll as the actor builds it: no structure, or a cash-secured put's without a wing, present as undefined. */
function rollOf(r: z.infer<typeof journaled>['roll'] & object): RollState {
  const { structure, ...rest } = r;
  if (structure === undefined) return rest;
  const { wing, kind } = structure;
  return { ...rest, structure: wing === undefined ? { kind } : { kind, wing } };
}

/** The scale-in state as the actor builds it: no pending add present as undefined. */
function withoutUndefined(s: { plan: ScaleInState['plan']; seq: number; done: boolean; pending?: ScaleInState['pending'] | undefined }): ScaleInState {
  const { pending, ...rest } = s;
  return pending === undefined ? rest : { ...rest, pending };
}

/** Features as the domain builds them: an optional field absent, never present as undefined. */
function stripUndefined(f: { [K in keyof Features]: Features[K] | undefined }): Features {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as unknown as Features;
}
