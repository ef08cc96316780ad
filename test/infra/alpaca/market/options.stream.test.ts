import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decode, encode } from '@msgpack/msgpack';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { makeContract } from '../../../../src/domain/values/contract.js';
import { AlpacaOptionsMarketData } from '../../../../src/infra/alpaca/market/options.js';
import { rfc3339 } from '../../../../src/infra/alpaca/market/wire.js';
import { marketRoutes, wireContract } from '../../../../src/infra/alpaca-standin/market-rest.js';
import { eventually } from '../../../helpers/eventually.js';

const NOW = Date.parse('2026-03-10T15:00:00Z');
const C500 = makeContract({ underlying: 'SPY', expiry: '2026-03-20', right: 'call', strike: 500 });
const P490 = makeContract({ underlying: 'SPY', expiry: '2026-03-20', right: 'put', strike: 490 });
const GREEKS = { delta: 0.5, gamma: 0.02, theta: -0.3, vega: 0.25, rho: 0.07 };

/** A tiny options stream (`/v1beta1/indicative`) in Alpaca's msgpack frames: enough for the SDK's OptionDataStream. */
interface OptionStreamStandin {
  readonly url: string;
  readonly actions: Record<string, unknown>[];
  push(frames: Record<string, unknown>[]): void;
  close(): Promise<void>;
}

async function optionStreamStandin(): Promise<OptionStreamStandin> {
  const http = createServer();
  const wss = new WebSocketServer({ server: http, path: '/v1beta1/indicative' });
  const actions: Record<string, unknown>[] = [];
  const sockets: WebSocket[] = [];
  const quotes = new Set<string>();
  wss.on('connection', (ws) => {
    sockets.push(ws);
    const send = (frames: unknown[]) => ws.send(encode(frames));
    send([{ T: 'success', msg: 'connected' }]);
    ws.on('message', (data: Buffer) => {
      const msg = decode(data) as Record<string, unknown>;
      actions.push(msg.action === 'auth' ? { action: 'auth' } : msg);
      if (msg.action === 'auth') send([{ T: 'success', msg: 'authenticated' }]);
      if (msg.action === 'subscribe' || msg.action === 'unsubscribe') {
        for (const s of (msg.quotes as string[] | undefined) ?? []) {
          if (msg.action === 'subscribe') quotes.add(s);
          else quotes.delete(s);
        }
        send([{ T: 'subscription', trades: [], quotes: [...quotes], bars: [] }]);
      }
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `ws://127.0.0.1:${(http.address() as AddressInfo).port}/v1beta1/indicative`,
    actions,
    push: (frames) => sockets.forEach((ws) => ws.send(encode(frames))),
    close: async () => {
      sockets.forEach((ws) => ws.terminate());
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

let rest: Server;
let restUrl: string;
let stream: OptionStreamStandin;
let md: AlpacaOptionsMarketData | undefined;

beforeEach(async () => {
  const routes = marketRoutes({
    optionSnapshots: () => ({
      [C500.symbol]: { latestQuote: { ap: 9.1, as: 3, bp: 9, bs: 4, t: rfc3339(NOW - 2_000) }, greeks: GREEKS, impliedVolatility: 0.2 },
      [P490.symbol]: { latestQuote: { ap: 5.1, as: 3, bp: 5, bs: 4, t: rfc3339(NOW - 2_000) }, greeks: { ...GREEKS, delta: -0.3 }, impliedVolatility: 0.22 },
    }),
    optionContracts: () => [wireContract(C500, 1000, '2026-03-09'), wireContract(P490, 800, '2026-03-09')],
    stockBars: () => [],
  });
  rest = createServer((req, res) => {
    void routes(req, res, new URL(req.url ?? '/', 'http://localhost')).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => rest.listen(0, '127.0.0.1', resolve));
  restUrl = `http://127.0.0.1:${(rest.address() as AddressInfo).port}`;
  stream = await optionStreamStandin();
});

afterEach(async () => {
  md?.close();
  md = undefined;
  await stream.close();
  const closed = new Promise<void>((resolve) => rest.close(() => resolve()));
  rest.closeAllConnections();
  await closed;
});

describe('AlpacaOptionsMarketData quotes from the options stream (the SDK optionStream, msgpack)', () => {
  it('subscribes the symbols asked for, lays stream quotes over the chain quote, and unsubscribes symbols no longer asked for', async () => {
    md = new AlpacaOptionsMarketData({ keyId: 'k', secret: 's', dataUrl: restUrl, tradingUrl: restUrl, streamUrl: stream.url, unsubscribeAfterMs: 10 * 60_000 });
    await md.chain('SPY', NOW);
    expect(md.quote(C500.symbol, NOW)?.bid).toBe(9);
    await eventually(() => expect(stream.actions).toContainEqual({ action: 'subscribe', quotes: [C500.symbol] }));

    stream.push([{ T: 'q', S: C500.symbol, bx: 'C', bp: 9.2, bs: 5, ax: 'C', ap: 9.3, as: 6, t: rfc3339(NOW + 5_000), c: [' '] }]);
    await eventually(() => expect(md?.quote(C500.symbol, NOW + 6_000)).toMatchObject({ bid: 9.2, ask: 9.3, ts: NOW + 5_000, openInterest: 1000 }));
    expect(md.quote(C500.symbol, NOW + 6_000)?.greeks).toBeUndefined(); // the old mid's greeks are not kept with a new mid

    // Another contract held later; the first one not asked for 10 minutes: unsubscribed.
    md.quote(P490.symbol, NOW + 11 * 60_000);
    await eventually(() => expect(stream.actions).toContainEqual({ action: 'unsubscribe', quotes: [C500.symbol] }));
    expect(stream.actions).toContainEqual({ action: 'subscribe', quotes: [P490.symbol] });
    expect(md.subscribed()).toEqual([P490.symbol]);
    expect(md.stats.streamQuotes).toBe(1);
  });
});
