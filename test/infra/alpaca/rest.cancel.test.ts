import { afterEach, describe, expect, it } from 'vitest';
import { AlpacaRest } from '../../../src/infra/alpaca/rest.js';
import { FakeVenue } from './fake-venue.js';
import { KEY_ID, SECRET } from './fixtures.js';

let venue: FakeVenue | undefined;
afterEach(async () => {
  await venue?.close();
  venue = undefined;
});

/** Timers alive in this process now (Node's own count, ref'd or not). */
const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('AlpacaRest cancelOrder', () => {
  it('leaves no request timer behind once the 204 is in: nothing holds the process open after a cancel', async () => {
    venue = await FakeVenue.start({ keyId: KEY_ID, secret: SECRET });
    const rest = new AlpacaRest({ keyId: KEY_ID, secret: SECRET, paper: true, restUrl: venue.restUrl, timeoutMs: 30_000, getRetries: 0, retryBaseMs: 1, maxBackoffMs: 1 });
    const a = venue.place({ client_order_id: 'c-1', symbol: 'SPY250620C00500000', qty: '1', side: 'buy', limit_price: '2.00' });
    const b = venue.place({ client_order_id: 'c-2', symbol: 'SPY250620C00500000', qty: '1', side: 'buy', limit_price: '2.00' });
    // A first cancel: the client's own lasting timers (its pool, its token bucket) exist from here on.
    expect(await rest.cancelOrder(a.id)).toMatchObject({ ok: true });
    const before = timers();
    expect(await rest.cancelOrder(b.id)).toMatchObject({ ok: true });
    expect(venue.order('c-2')?.status).toBe('canceled');
    // The SDK's void call never released its answer, so each cancel left its 30 s deadline running.
    expect(timers()).toBeLessThanOrEqual(before);
  });
});
