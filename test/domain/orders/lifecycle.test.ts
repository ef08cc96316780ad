import { describe, expect, it } from 'vitest';
import { isTerminal, ORDER_EVENTS, ORDER_STATUSES, transition, type OrderEvent } from '../../../src/domain/orders/lifecycle.js';
import type { OrderStatus } from '../../../src/domain/values/execution.js';

/** Written out by hand, independently of the table under test. */
const LEGAL: ReadonlyArray<[OrderStatus, OrderEvent, OrderStatus]> = [
  ['pending', 'accepted', 'accepted'],
  ['pending', 'rejected', 'rejected'],
  ['pending', 'canceled', 'canceled'],
  ['pending', 'noted', 'pending'],
  ['accepted', 'partially_filled', 'partially_filled'],
  ['accepted', 'filled', 'filled'],
  ['accepted', 'canceled', 'canceled'],
  ['accepted', 'expired', 'expired'],
  ['accepted', 'rejected', 'rejected'],
  ['accepted', 'noted', 'accepted'],
  ['partially_filled', 'partially_filled', 'partially_filled'],
  ['partially_filled', 'filled', 'filled'],
  ['partially_filled', 'canceled', 'canceled'],
  ['partially_filled', 'expired', 'expired'],
  ['partially_filled', 'noted', 'partially_filled'],
  ['partially_filled', 'trade_adjusted', 'partially_filled'],
  ['filled', 'noted', 'filled'],
  ['filled', 'trade_adjusted', 'filled'],
  ['canceled', 'noted', 'canceled'],
  ['canceled', 'trade_adjusted', 'canceled'],
  ['expired', 'noted', 'expired'],
  ['expired', 'trade_adjusted', 'expired'],
  ['rejected', 'noted', 'rejected'],
];

const legalKey = new Set(LEGAL.map(([from, event]) => `${from}:${event}`));
const ILLEGAL = ORDER_STATUSES.flatMap((from) => ORDER_EVENTS.filter((e) => !legalKey.has(`${from}:${e}`)).map((e) => [from, e] as const));

describe('order lifecycle', () => {
  it.each(LEGAL)('%s --%s--> %s', (from, event, to) => {
    expect(transition(from, event)).toEqual({ ok: true, value: to, reasons: [] });
  });

  it.each(ILLEGAL)('%s --%s--> is rejected', (from, event) => {
    expect(transition(from, event)).toEqual({ ok: false, reasons: ['ILLEGAL_TRANSITION'] });
  });

  it('covers every status × event pair', () => {
    expect(LEGAL.length + ILLEGAL.length).toBe(ORDER_STATUSES.length * ORDER_EVENTS.length);
  });

  it('never leaves a terminal status', () => {
    for (const from of ORDER_STATUSES.filter(isTerminal)) {
      for (const event of ORDER_EVENTS) {
        const next = transition(from, event);
        if (next.ok) expect(next.value).toBe(from);
      }
    }
    expect(ORDER_STATUSES.filter(isTerminal)).toEqual(['filled', 'canceled', 'expired', 'rejected']);
  });
});
