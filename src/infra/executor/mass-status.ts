import type { BrokerPort } from '../../actors/ports/broker.js';
import type { MassStatus, MassStatusRequest } from '../../actors/ports/broker-reports.js';
import type { Execution } from '../../domain/values/execution.js';

/** Look-ups of single orders in flight at once (Alpaca's SDK queues past its 200 requests a minute). */
const LOOKUPS_AT_ONCE = 8;

/**
 * The venue's mass status from its BrokerPort, the same for every venue: each asked client order
 * id looked up (an id the venue never saw is left out; one asked twice is looked up once), every
 * order still working, every position, and the venue's own activities since `request.since`.
 * `ts` is read before anything is asked: whatever happened at the venue before it is in the answer.
 * Any part that fails fails the whole (BrokerUnavailableError from the venue): never a partial status.
 */
export async function massStatusOf(broker: BrokerPort, request: MassStatusRequest, now: () => number): Promise<MassStatus> {
  const ts = now();
  const ids = [...new Set(request.clientOrderIds)];
  // Every part runs to its end before a failure is thrown: no venue call outlives the answer.
  const [orders, openOrders, positions, activities] = await Promise.allSettled([
    lookupAll(broker, ids),
    broker.openOrders(),
    broker.positions(),
    broker.activities(request.since),
  ]);
  const status = { ts, orders: value(orders), openOrders: value(openOrders), positions: value(positions), activities: value(activities) };
  return Object.freeze(status);
}

/** The part's answer, or its failure thrown (the first failure in the order above). */
function value<T>(settled: PromiseSettledResult<T>): T {
  if (settled.status === 'rejected') throw settled.reason;
  return settled.value;
}

/** The look-ups, a few at a time, in the order asked; the first failure stops the rest and is thrown. */
async function lookupAll(broker: BrokerPort, ids: readonly string[]): Promise<readonly Execution[]> {
  const found: Array<Execution | undefined> = new Array<Execution | undefined>(ids.length);
  let next = 0;
  let failure: { readonly error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < ids.length) {
      const i = next++;
      try {
        found[i] = await broker.lookup(ids[i] as string);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(LOOKUPS_AT_ONCE, ids.length) }, worker));
  if (failure !== undefined) throw failure.error;
  return found.filter((e): e is Execution => e !== undefined);
}
