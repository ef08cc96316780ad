import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterEach, describe, expect, it } from 'vitest';
import { BrokerUnavailableError } from '../../../src/actors/ports/broker.js';
import type { HeldAtBroker } from '../../../src/actors/ports/broker-reports.js';
import type { Execution } from '../../../src/domain/values/execution.js';
import { SimVenue } from '../../../src/infra/executor/sim-venue.js';
import { BrokerStatusError, NatsBrokerReports, NoExecutorError } from '../../../src/infra/nats/broker-reports.js';
import { decodeBrokerStatusReply } from '../../../src/infra/nats/codec.js';
import { connectNats, type NatsLink } from '../../../src/infra/nats/connection.js';
import { loadNatsSettings } from '../../../src/infra/nats/settings.js';
import { subjects } from '../../../src/infra/nats/subjects.js';
import { SimBroker } from '../../../src/infra/sim-broker/broker.js';
import { recordingLogger } from '../../helpers/logger.js';
import { NATS_URL, uniqueNamespace } from '../../helpers/nats.js';
import { CALL, intent, NOW, PUT, quote } from '../sim-broker/fixtures.js';
import { OrderPath } from './fixture.js';

const HOUR = 3_600_000;

const withoutReason = ({ reason: _reason, ...rest }: Execution): Omit<Execution, 'reason'> => rest;

/**
 * The simulated venue, always open, without slippage: a buy fills at the ask. The call is quoted
 * 2.00 / 2.10, the put 1.50 / 1.60.
 */
function simVenue(): SimVenue {
  const broker = new SimBroker({ cash: 1e6, isOpen: () => true, config: { slippageTicks: 0 } });
  const quotes = (symbol: string) => (symbol === CALL.symbol ? quote(2.0, 2.1) : symbol === PUT.symbol ? quote(1.5, 1.6, { symbol: PUT.symbol }) : undefined);
  return new SimVenue(broker, quotes, () => NOW);
}

let path: OrderPath | undefined;
const links: NatsLink[] = [];
const conns: NatsConnection[] = [];
afterEach(async () => {
  await path?.close();
  path = undefined;
  for (const l of links.splice(0)) await l.drain().catch(() => undefined);
  for (const c of conns.splice(0)) await c.close().catch(() => undefined);
});

function reportsOver(p: OrderPath, timeoutMs = 5_000): NatsBrokerReports {
  return new NatsBrokerReports({ link: p.gatewayLink, subjects: p.subjects, timeoutMs });
}

describe('the venue’s mass status over NATS request/reply', () => {
  it('an executor over the simulated venue answers with what the venue holds: the filled position, the working order, the orders asked about', async () => {
    const venue = simVenue();
    // Buy 3 calls with a limit of 2.20 against an ask of 2.10: filled at once, 3 at 2.10.
    const filled = intent({ clientOrderId: 'th-SPY-1000-open', correlationId: 'k-call', qty: 3, limitPrice: 2.2 });
    // Buy 2 puts with a limit of 1.00 against an ask of 1.60: it rests, nothing filled.
    const working = intent({ clientOrderId: 'th-SPY-2000-open', correlationId: 'k-put', symbol: PUT.symbol, qty: 2, limitPrice: 1.0 });
    await venue.submit(filled);
    await venue.submit(working);
    path = await OrderPath.start({ broker: venue });

    const status = await reportsOver(path).massStatus({ clientOrderIds: [filled.clientOrderId, working.clientOrderId, 'th-SPY-3000-open', filled.clientOrderId], since: 0 });

    const callFilled = { clientOrderId: 'th-SPY-1000-open', correlationId: 'k-call', symbol: CALL.symbol, side: 'buy', status: 'filled', fillQty: 0, cumQty: 3, avgFillPrice: 2.1, fees: 0, ts: NOW };
    const putWorking = { clientOrderId: 'th-SPY-2000-open', correlationId: 'k-put', symbol: PUT.symbol, side: 'buy', status: 'accepted', fillQty: 0, cumQty: 0, fees: 0, ts: NOW };
    expect(status.positions).toEqual([{ symbol: CALL.symbol, qty: 3, avgEntryPrice: 2.1 }]);
    // (The sim broker's snapshots of a working order carry reason DUPLICATE_CLIENT_ORDER_ID, its
    // snapshot's default: not what is checked here.)
    expect(status.openOrders.map(withoutReason)).toEqual([putWorking]);
    // The id the venue never saw is absent; the one asked twice is answered once.
    expect(status.orders.map(withoutReason)).toEqual([callFilled, putWorking]);
    expect(status.activities).toEqual([]);
    expect(status.ts).toBeGreaterThan(0);
    expect(path.executor.stats.statusRequests).toBe(1);
  });

  it('reports a settlement at expiry as the venue’s own activity, and the position gone', async () => {
    const venue = simVenue();
    const long = intent({ clientOrderId: 'th-SPY-1000-open', qty: 3, limitPrice: 2.2 });
    await venue.submit(long);
    // 2025-06-20 (the call's expiry) at 16:00 New York: SPY at 510, the 500 call is 10 in the money.
    const expiryClose = Date.UTC(2025, 5, 20, 20, 0);
    venue.broker.settleExpiry('2025-06-20', () => 510, expiryClose);
    path = await OrderPath.start({ broker: venue });
    const reports = reportsOver(path);

    const status = await reports.massStatus({ clientOrderIds: [], since: expiryClose - HOUR });
    expect(status.positions).toEqual([]);
    // The 3 long calls were exercised (cash-settled here): the option position changed by -3, at 510 − 500 = 10 a share.
    expect(status.activities).toEqual([{ id: expect.stringContaining(CALL.symbol) as string, kind: 'exercise', symbol: CALL.symbol, qty: -3, price: 10, ts: expiryClose }]);
    // Nothing since after the expiry.
    expect((await reports.massStatus({ clientOrderIds: [], since: expiryClose + 1 })).activities).toEqual([]);
  });

  it('with no executor: the clear error, naming the subject and the wait', async () => {
    const sub = subjects(uniqueNamespace());
    const link = await connectNats(loadNatsSettings({ url: NATS_URL }, {}), 'engine', recordingLogger());
    links.push(link);
    const reports = new NatsBrokerReports({ link, subjects: sub, timeoutMs: 300 });
    const request = { clientOrderIds: [], since: 0 };
    // Nobody subscribes: the server says so at once.
    await expect(reports.massStatus(request)).rejects.toThrow(new RegExp(`^no executor answered on ${sub.brokerStatus.replace(/\./g, '\\.')} within 300 ms`));
    await expect(reports.massStatus(request)).rejects.toBeInstanceOf(NoExecutorError);
    // Something listens but never answers: the wait runs out.
    const mute = await connect({ servers: NATS_URL });
    conns.push(mute);
    mute.subscribe(sub.brokerStatus, { queue: sub.brokerStatusQueue, callback: () => undefined });
    await mute.flush();
    const started = performance.now();
    await expect(reports.massStatus(request)).rejects.toThrow(`no executor answered on ${sub.brokerStatus} within 300 ms`);
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('a malformed request gets an error reply saying what is wrong; the executor goes on answering', async () => {
    path = await OrderPath.start({ broker: simVenue() });
    const { nc } = path.gatewayLink;
    const ask = async (body: string) => decodeBrokerStatusReply((await nc.request(path?.subjects.brokerStatus ?? '', new TextEncoder().encode(body), { timeout: 5_000 })).data);

    expect(await ask('not json')).toEqual({ ok: false, error: { code: 'BAD_REQUEST', message: 'mass status request: not JSON' } });
    const bad = await ask(JSON.stringify({ clientOrderIds: ['th-SPY-1-open', ''], since: -5 }));
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.code).toBe('BAD_REQUEST');
    expect(bad.error.message).toMatch(/clientOrderIds\.1/);
    expect(bad.error.message).toMatch(/since/);
    expect((await ask(JSON.stringify({ since: 0 }))).ok).toBe(false);

    expect(await reportsOver(path).massStatus({ clientOrderIds: [], since: 0 })).toMatchObject({ positions: [], openOrders: [], orders: [], activities: [] });
    expect(path.executor.stats).toMatchObject({ statusRequests: 4, statusFailed: 3 });
    expect(path.executorLog.entries.filter((e) => e.msg === 'malformed mass status request refused')).toHaveLength(3);
  });

  it('a broker that cannot say: an error reply naming the broker and why, never a partial status', async () => {
    class DownVenue extends SimVenue {
      override positions(): Promise<readonly HeldAtBroker[]> {
        return Promise.reject(new BrokerUnavailableError('positions: HTTP 503: service unavailable'));
      }
    }
    const base = simVenue();
    path = await OrderPath.start({ broker: new DownVenue(base.broker, () => undefined, () => NOW) });
    const failed = reportsOver(path).massStatus({ clientOrderIds: [], since: 0 });
    await expect(failed).rejects.toBeInstanceOf(BrokerStatusError);
    await expect(failed).rejects.toMatchObject({ code: 'BROKER_UNAVAILABLE' });
    await expect(failed).rejects.toThrow(/\(BROKER_UNAVAILABLE\): broker sim unavailable: positions: HTTP 503: service unavailable/);
    expect(path.executor.stats.statusFailed).toBe(1);
  });
});
