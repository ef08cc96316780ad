import { afterEach } from 'vitest';
import type { Execution } from '../../../src/domain/values/execution.js';
import type { OrderIntent } from '../../../src/domain/values/order.js';
import { AlpacaBroker } from '../../../src/infra/alpaca/broker.js';
import type { AlpacaBrokerOptions } from '../../../src/infra/alpaca/options.js';
import { eventually } from '../../helpers/eventually.js';
import { recordingLogger } from '../../helpers/logger.js';
import { FakeVenue } from './fake-venue.js';

export const KEY_ID = 'PKTESTKEYID0000000001';
export const SECRET = 'test-secret-key-0000000000000000000000001';
/** SPY 2025-06-20 500 call. */
export const CALL = 'SPY250620C00500000';
/** 2025-06-11 15:00:00 UTC, the fake venue's clock unless a test moves it. */
export const T0 = Date.UTC(2025, 5, 11, 15, 0, 0);
/** The adapter's own clock in tests (only used when Alpaca gives no timestamp). */
export const ADAPTER_NOW = Date.UTC(2025, 5, 11, 15, 30, 0);

let seq = 0;

export function intent(patch: Partial<OrderIntent> = {}): OrderIntent {
  seq += 1;
  return {
    clientOrderId: `th-SPY-${seq}-open`,
    correlationId: `corr-${seq}`,
    underlying: 'SPY',
    symbol: CALL,
    side: 'buy',
    effect: 'open',
    qty: 3,
    type: 'limit',
    limitPrice: 1.25,
    timeInForce: 'day',
    reasons: ['TEST'],
    ts: T0,
    ...patch,
  };
}

export interface Harness {
  readonly venue: FakeVenue;
  readonly broker: AlpacaBroker;
  readonly log: ReturnType<typeof recordingLogger> & { debugs: { obj: object; msg: string }[] };
  /** What the broker passed to its onExecution handler (after listen()). */
  readonly executions: Execution[];
  /** Registers the handler (opens the stream) and waits until it listens and has reconciled once. */
  listen(): Promise<void>;
}

const open: Array<{ venue: FakeVenue; broker: AlpacaBroker }> = [];

afterEach(async () => {
  for (const { broker, venue } of open.splice(0)) {
    await broker.close();
    await venue.close();
  }
});

/** A fake venue and an AlpacaBroker pointed at it, with fast backoffs; both closed after the test. */
export async function harness(options: Partial<AlpacaBrokerOptions> = {}, credentials = { keyId: KEY_ID, secret: SECRET }): Promise<Harness> {
  const venue = await FakeVenue.start(credentials);
  const base = recordingLogger();
  const debugs: { obj: object; msg: string }[] = [];
  const log = Object.assign(base, { debugs, debug: (obj: object, msg: string) => debugs.push({ obj, msg }) });
  const broker = new AlpacaBroker({
    keyId: credentials.keyId,
    secret: credentials.secret,
    restUrl: venue.restUrl,
    streamUrl: venue.streamUrl,
    logger: log,
    backoffBaseMs: 1,
    maxBackoffMs: 20,
    streamReconnectInitialMs: 5,
    streamReconnectMaxMs: 20,
    now: () => ADAPTER_NOW,
    ...options,
  });
  open.push({ venue, broker });
  const executions: Execution[] = [];
  return {
    venue,
    broker,
    log,
    executions,
    listen: async () => {
      broker.onExecution((e) => executions.push(e));
      // Listening, and the reconciliation that follows every subscription has run (nothing to do yet).
      await eventually(() => {
        if (venue.listeners !== 1) throw new Error(`listeners: ${venue.listeners}`);
        if (broker.counters.reconciliations < 1) throw new Error('not reconciled yet');
      });
    },
  };
}
