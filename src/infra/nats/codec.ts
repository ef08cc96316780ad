import { z } from 'zod';
import type { MassStatus, MassStatusRequest } from '../../actors/ports/broker-reports.js';
import type { Execution } from '../../domain/values/execution.js';
import { DomainError } from '../../domain/errors.js';
import { makeOrderIntent, type OrderIntent, type PositionIntent } from '../../domain/values/order.js';

/** What travels on the order-command subjects. */
export type OrderCommand =
  | { readonly type: 'submit'; readonly intent: OrderIntent }
  | { readonly type: 'cancel'; readonly clientOrderId: string; readonly correlationId: string; readonly underlying: string };

const money = z.number().finite().nonnegative();
const POSITION_INTENTS = ['buy_to_open', 'sell_to_open', 'buy_to_close', 'sell_to_close'] as const satisfies readonly PositionIntent[];
/**
 * A multi-leg order's legs as JSON carries them (on NATS and in the order store's `legs` column):
 * the shape only; makeOrderIntent checks the rest (2–4 legs, the first leg's symbol, intents
 * matching sides, no contract twice).
 */
export const legsSchema = z.array(
  z
    .object({
      symbol: z.string().min(1),
      side: z.enum(['buy', 'sell']),
      ratio: z.number().int().positive(),
      positionIntent: z.enum(POSITION_INTENTS),
    })
    .strict(),
);
const intentSchema = z
  .object({
    clientOrderId: z.string().min(1).max(128),
    correlationId: z.string(),
    underlying: z.string(),
    symbol: z.string().min(1),
    side: z.enum(['buy', 'sell']),
    effect: z.enum(['open', 'close']),
    qty: z.number().int().positive(),
    type: z.enum(['limit', 'market']),
    limitPrice: z.number().finite().positive().optional(),
    timeInForce: z.literal('day'),
    reasons: z.array(z.string()),
    ts: z.number().finite(),
    legs: legsSchema.optional(),
  })
  .strict();
const commandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('submit'), intent: intentSchema }).strict(),
  z.object({ type: z.literal('cancel'), clientOrderId: z.string().min(1).max(128), correlationId: z.string(), underlying: z.string() }).strict(),
]);
const executionSchema = z
  .object({
    clientOrderId: z.string().min(1).max(128),
    correlationId: z.string(),
    symbol: z.string().min(1),
    side: z.enum(['buy', 'sell']),
    status: z.enum(['pending', 'accepted', 'partially_filled', 'filled', 'canceled', 'expired', 'rejected']),
    fillQty: z.number().int().nonnegative(),
    fillPrice: z.number().finite().positive().optional(),
    cumQty: z.number().int().nonnegative(),
    avgFillPrice: z.number().finite().positive().optional(),
    fees: money,
    ts: z.number().finite(),
    reason: z.string().optional(),
  })
  .strict();

/** A message that is not what its subject promises: terminated, logged and counted, never retried. */
export class CodecError extends Error {
  override readonly name = 'CodecError';
}

const text = new TextEncoder();
const utf8 = new TextDecoder();

function parse<T>(schema: z.ZodType<T>, data: Uint8Array, what: string): T {
  let raw: unknown;
  try {
    raw = JSON.parse(utf8.decode(data));
  } catch {
    throw new CodecError(`${what}: not JSON`);
  }
  const r = schema.safeParse(raw);
  if (!r.success) throw new CodecError(`${what}: ${r.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  return r.data;
}

export const encode = (value: OrderCommand | Execution): Uint8Array => text.encode(JSON.stringify(value));

export function decodeCommand(data: Uint8Array): OrderCommand {
  const c = parse(commandSchema, data, 'order command');
  if (c.type !== 'submit') return c;
  try {
    return { type: 'submit', intent: makeOrderIntent(c.intent as OrderIntent) };
  } catch (e) {
    // Well-formed JSON the domain refuses (one leg, a leg's intent against its side…): malformed all the same.
    if (e instanceof DomainError) throw new CodecError(`order command: ${e.field === undefined ? '' : `${e.field} `}${e.message}`);
    throw e;
  }
}

export function decodeExecution(data: Uint8Array): Execution {
  return Object.freeze(parse(executionSchema, data, 'execution') as Execution);
}

// --- the broker's mass status (core NATS request/reply on `<ns>.broker.status`) ---------------

/** The most client order ids one mass status request may ask about. */
export const MAX_STATUS_IDS = 10_000;

const massStatusRequestSchema = z
  .object({
    clientOrderIds: z.array(z.string().min(1).max(128)).max(MAX_STATUS_IDS),
    since: z.number().finite().nonnegative(),
  })
  .strict();
const heldSchema = z.object({ symbol: z.string().min(1), qty: z.number().finite(), avgEntryPrice: z.number().finite().nonnegative() }).strict();
const activitySchema = z
  .object({
    id: z.string().min(1),
    kind: z.enum(['exercise', 'assignment', 'expiry', 'foreign-fill']),
    symbol: z.string().min(1),
    qty: z.number().int(),
    price: z.number().finite().positive().optional(),
    ts: z.number().finite(),
  })
  .strict();
const massStatusSchema = z
  .object({
    ts: z.number().finite(),
    openOrders: z.array(executionSchema),
    orders: z.array(executionSchema),
    positions: z.array(heldSchema),
    activities: z.array(activitySchema),
  })
  .strict();

/** Why the executor could not give a mass status. */
export const BROKER_STATUS_ERRORS = ['BAD_REQUEST', 'BROKER_UNAVAILABLE', 'BROKER_FAILED', 'TOO_LARGE'] as const;
export type BrokerStatusErrorCode = (typeof BROKER_STATUS_ERRORS)[number];

/** The executor's answer on `<ns>.broker.status`. */
export type BrokerStatusReply =
  | { readonly ok: true; readonly status: MassStatus }
  | { readonly ok: false; readonly error: { readonly code: BrokerStatusErrorCode; readonly message: string } };

const replySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), status: massStatusSchema }).strict(),
  z.object({ ok: z.literal(false), error: z.object({ code: z.enum(BROKER_STATUS_ERRORS), message: z.string() }).strict() }).strict(),
]);

export const encodeMassStatusRequest = (request: MassStatusRequest): Uint8Array =>
  text.encode(JSON.stringify({ clientOrderIds: request.clientOrderIds, since: request.since }));

export function decodeMassStatusRequest(data: Uint8Array): MassStatusRequest {
  return Object.freeze(parse(massStatusRequestSchema, data, 'mass status request'));
}

export const encodeBrokerStatusReply = (reply: BrokerStatusReply): Uint8Array => text.encode(JSON.stringify(reply));

export function decodeBrokerStatusReply(data: Uint8Array): BrokerStatusReply {
  return parse(replySchema, data, 'broker status reply') as BrokerStatusReply;
}
