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

/** What an order does for its position: opens it (the underlying's entry), adds to it (scaling in), or closes some of it. */
export type OrderRole = 'entry' | 'add' | 'exit';

export interface ParsedOrderId {
  readonly ticker: string;
  readonly positionId: string;
  readonly effect: 'open' | 'close';
  readonly role: OrderRole;
}

const ID = /^th-([A-Z][A-Z0-9.]{0,5})-(\d+)-(open|a\d+|x\d+)$/;

/** Who owns an order: its ticker and position, and its role. Throws for an id Thetis did not make. */
export function parseOrderId(id: string): ParsedOrderId {
  const m = ID.exec(id);
  if (!m) throw new DomainError('FOREIGN_ORDER_ID', `'${id}' is not a Thetis client order id`, 'clientOrderId');
  const [, ticker, ts, suffix] = m as unknown as [string, string, string, string];
  const role: OrderRole = suffix === 'open' ? 'entry' : suffix.startsWith('a') ? 'add' : 'exit';
  return { ticker, positionId: positionIdFor(ticker, Number(ts)), effect: role === 'exit' ? 'close' : 'open', role };
}

/** Whether Thetis made this client order id (`th-TICKER-ts-open`, `-aN` or `-xN`). */
export function isThetisOrderId(id: string): boolean {
  return ID.test(id);
}
