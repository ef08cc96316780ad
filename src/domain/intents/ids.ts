import { DomainError } from '../errors.js';
import { clientOrderId } from '../values/order.js';

/**
 * The id scheme, deterministic end to end: an entry on TICKER's bar at ts is position
 * `TICKER-ts`, opened by `th-TICKER-ts-open`; its n-th scale-in add is `th-TICKER-ts-aN` and its
 * n-th exit order `th-TICKER-ts-xN`. A retry of the same action yields the same id, so NATS and
 * the broker deduplicate it.
 */
export function positionIdFor(ticker: string, barTs: number): string {
  return `${ticker}-${barTs}`;
}

export function entryOrderId(ticker: string, barTs: number): string {
  return clientOrderId([ticker, String(barTs), 'open']);
}

export function exitOrderId(positionId: string, seq: number): string {
  return clientOrderId([positionId, `x${seq}`]);
}

export function addOrderId(positionId: string, seq: number): string {
  return clientOrderId([positionId, `a${seq}`]);
}

/**
 * The delta hedge of a ticker, in shares: one position per underlying, `TICKER-hedge`. Its orders
 * are `th-TICKER-ts-h` (growing it: opening, through the risk gate) and `th-TICKER-ts-u` (cutting
 * or unwinding it: closing), ts the time the hedge rule ran.
 */
export function hedgePositionId(ticker: string): string {
  return `${ticker}-hedge`;
}

export function hedgeOrderId(ticker: string, ts: number, effect: 'open' | 'close'): string {
  return clientOrderId([ticker, String(ts), effect === 'open' ? 'h' : 'u']);
}

/** What an order does for its position: opens it (the underlying's entry), adds to it (scaling in), closes some of it, or trades the ticker's hedge shares. */
export type OrderRole = 'entry' | 'add' | 'exit' | 'hedge';

export interface ParsedOrderId {
  readonly ticker: string;
  readonly positionId: string;
  readonly effect: 'open' | 'close';
  readonly role: OrderRole;
}

const ID = /^th-([A-Z][A-Z0-9.]{0,5})-(\d+)-(open|a\d+|x\d+|h|u)$/;

/** Who owns an order: its ticker and position, and its role. Throws for an id Thetis did not make. */
export function parseOrderId(id: string): ParsedOrderId {
  const m = ID.exec(id);
  if (!m) throw new DomainError('FOREIGN_ORDER_ID', `'${id}' is not a Thetis client order id`, 'clientOrderId');
  const [, ticker, ts, suffix] = m as unknown as [string, string, string, string];
  if (suffix === 'h' || suffix === 'u') return { ticker, positionId: hedgePositionId(ticker), effect: suffix === 'h' ? 'open' : 'close', role: 'hedge' };
  const role: OrderRole = suffix === 'open' ? 'entry' : suffix.startsWith('a') ? 'add' : 'exit';
  return { ticker, positionId: positionIdFor(ticker, Number(ts)), effect: role === 'exit' ? 'close' : 'open', role };
}

/** Whether Thetis made this client order id (`th-TICKER-ts-open`, `-aN`, `-xN`, or a hedge's `-h` / `-u`). */
export function isThetisOrderId(id: string): boolean {
  return ID.test(id);
}

/** Whether this is the client order id of a delta hedge's share order (`th-TICKER-ts-h` or `-u`). */
export function isHedgeOrderId(id: string): boolean {
  const suffix = ID.exec(id)?.[3];
  return suffix === 'h' || suffix === 'u';
}
