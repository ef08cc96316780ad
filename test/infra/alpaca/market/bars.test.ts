import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlpacaBars, StreamAuthError, StreamBusyError, UPDATED_BAR_HEADER, updatedBarMsgId, type AlpacaBarsOptions } from '../../../../src/infra/alpaca/market/bars.js';
import { MarketStreamStandin, type StandinBar } from '../../../../src/infra/alpaca-standin/market-stream.js';
import { connectNats, type NatsLink } from '../../../../src/infra/nats/connection.js';
import { loadNatsSettings, type NatsSettings } from '../../../../src/infra/nats/settings.js';
import { subjects, type Subjects } from '../../../../src/infra/nats/subjects.js';
import { silentLogger } from '../../../../src/actors/runtime/logger.js';
import { eventually } from '../../../helpers/eventually.js';
import { recordingLogger } from '../../../helpers/logger.js';
import { dropNamespace, NATS_URL, uniqueNamespace } from '../../../helpers/nats.js';

const KEYS = { keyId: 'PKTESTKEY', secret: 'sekrit-market-data' };
const OPEN = Date.UTC(2025, 2, 11, 13, 30);
const MIN = 60_000;

interface Stored {
  subject: string;
  msgId: string | undefined;
  kind: string | undefined;
  bar: unknown;
}

describe('AlpacaBars: the real SDK stock stream, against the stand-in, into JetStream', () => {
  let standin: MarketStreamStandin;
  let nats: NatsSettings;
  let link: NatsLink;
  let sub: Subjects;
  let jsm: JetStreamManager;
  const clients: AlpacaBars[] = [];

  const options = (over: Partial<AlpacaBarsOptions> = {}): AlpacaBarsOptions => ({
    ...KEYS,
    tickers: ['SPY', 'QQQ'],
    link,
    settings: nats,
    subjects: sub,
    log: silentLogger,
    url: standin.url('iex'),
    reconnectInitialMs: 50,
    reconnectMaxMs: 200,
    authTimeoutMs: 5_000,
    ...over,
  });

  const start = async (over: Partial<AlpacaBarsOptions> = {}): Promise<AlpacaBars> => {
    const c = await AlpacaBars.start(options(over));
    clients.push(c);
    // The subscription is sent right after authentication: wait until the stand-in has it.
    await eventually(() => expect(standin.subscribed('bars', 'SPY')).toBe(true));
    return c;
  };

  async function stored(): Promise<Stored[]> {
    const info = await jsm.streams.info(sub.barsStream);
    const out: Stored[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
      const m = await jsm.streams.getMessage(sub.barsStream, { seq });
      if (m === null) continue;
      out.push({ subject: m.subject, msgId: m.header?.get('Nats-Msg-Id'), kind: m.header?.get(UPDATED_BAR_HEADER) || undefined, bar: m.json() });
    }
    return out;
  }

  const bar = (symbol: string, i: number, close: number, over: Partial<StandinBar> = {}): StandinBar => ({
    symbol,
    ts: OPEN + i * MIN,
    open: close - 0.1,
    high: close + 0.25,
    low: close - 0.3,
    close,
    volume: 1200 + i,
    tradeCount: 40,
    vwap: close - 0.05,
    ...over,
  });

  beforeEach(async () => {
    standin = await MarketStreamStandin.start({ credentials: KEYS });
    nats = loadNatsSettings({ url: NATS_URL, namespace: uniqueNamespace() });
    link = await connectNats(nats, 'bars-test', silentLogger);
    sub = subjects(nats.namespace);
    jsm = await jetstreamManager(link.nc);
  });

  afterEach(async () => {
    for (const c of clients.splice(0)) await c.stop();
    await standin.close();
    await link.drain();
    await dropNamespace(NATS_URL, nats.namespace);
  });

  for (const timestamps of ['rfc3339', 'msgpack'] as const) {
    it(`publishes each pushed bar as the domain bar on <ns>.bars.<TICKER>, msg id <SYMBOL>:<open ts> (t as ${timestamps})`, async () => {
      await standin.close();
      standin = await MarketStreamStandin.start({ credentials: KEYS, timestamps });
      const c = await start();
      standin.pushBars([bar('SPY', 0, 500.12), bar('QQQ', 0, 430.5)]);
      standin.pushBar(bar('SPY', 1, 500.4));
      await eventually(() => expect(c.stats.bars).toBe(3));
      await c.idle();
      expect(await stored()).toEqual([
        { subject: `${sub.namespace}.bars.SPY`, msgId: `SPY:${OPEN}`, kind: undefined, bar: { symbol: 'SPY', ts: OPEN, open: 500.02, high: 500.37, low: 499.82, close: 500.12, volume: 1200 } },
        { subject: `${sub.namespace}.bars.QQQ`, msgId: `QQQ:${OPEN}`, kind: undefined, bar: { symbol: 'QQQ', ts: OPEN, open: 430.4, high: 430.75, low: 430.2, close: 430.5, volume: 1200 } },
        { subject: `${sub.namespace}.bars.SPY`, msgId: `SPY:${OPEN + MIN}`, kind: undefined, bar: { symbol: 'SPY', ts: OPEN + MIN, open: 500.29999999999995, high: 500.65, low: 500.09999999999997, close: 500.4, volume: 1201 } },
      ]);
      expect(c.stats).toMatchObject({ received: 3, bars: 3, refused: 0, duplicates: 0, publishFailures: 0 });
    });
  }

  it('a bar sent again (a replay after a reconnect) is dropped by JetStream and counted', async () => {
    const c = await start();
    standin.pushBar(bar('SPY', 0, 500));
    standin.pushBar(bar('SPY', 0, 500));
    await eventually(() => expect(c.stats.bars).toBe(2));
    await c.idle();
    expect(c.stats.duplicates).toBe(1);
    expect(await stored()).toHaveLength(1);
  });

  it('refuses a malformed bar with a counted reason and publishes nothing for it; the stream goes on', async () => {
    const log = recordingLogger();
    const c = await start({ log });
    standin.pushBar(bar('SPY', 0, Number.NaN));
    standin.pushBar(bar('SPY', 1, 500, { high: 499, low: 501 }));
    standin.pushBar(bar('QQQ', 2, 430, { ts: OPEN + 2 * MIN + 17_000 }));
    standin.pushBar(bar('QQQ', 3, 430, { volume: -5 }));
    standin.sendFrames([{ T: 'b', S: 'SPY', o: 1, h: 1, l: 1, c: 1, v: 1, t: 'not a time' }]);
    standin.sendFrames([{ T: 'b', S: 'IWM', o: 1, h: 1, l: 1, c: 1, v: 1, t: '2025-03-11T13:30:00Z' }]);
    standin.pushBar(bar('SPY', 4, 501));
    await eventually(() => expect(c.stats.received).toBe(7));
    await c.idle();
    expect(c.stats.refused).toBe(6);
    expect(c.stats.refusedBy).toEqual({ NOT_FINITE: 1, BAD_RANGE: 1, NOT_MINUTE_ALIGNED: 1, NEGATIVE: 1, BAD_TIMESTAMP: 1, UNKNOWN_SYMBOL: 1 });
    expect(c.stats.bars).toBe(1);
    expect((await stored()).map((s) => s.msgId)).toEqual([`SPY:${OPEN + 4 * MIN}`]);
    expect(log.entries.filter((e) => e.msg === 'Alpaca bar refused').map((e) => (e.obj as { reason: string }).reason)).toEqual(['NOT_FINITE', 'BAD_RANGE', 'NOT_MINUTE_ALIGNED', 'NEGATIVE', 'BAD_TIMESTAMP', 'UNKNOWN_SYMBOL']);
  });

  it('an updated bar is published beside the original under its own msg id; a repeat of it is dropped', async () => {
    const c = await start();
    standin.pushBar(bar('SPY', 0, 500));
    const corrected = bar('SPY', 0, 500.2, { volume: 1500 });
    standin.pushUpdatedBar(corrected);
    standin.pushUpdatedBar(corrected);
    await eventually(() => expect(c.stats.updated).toBe(2));
    await c.idle();
    const expected = { symbol: 'SPY', ts: OPEN, open: 500.09999999999997, high: 500.45, low: 499.9, close: 500.2, volume: 1500 };
    const all = await stored();
    expect(all).toHaveLength(2);
    expect(all[1]).toEqual({ subject: `${sub.namespace}.bars.SPY`, msgId: updatedBarMsgId(expected), kind: 'updated', bar: expected });
    expect(all[1]?.msgId).toBe(`SPY:${OPEN}:u:500.09999999999997/500.45/499.9/500.2/1500`);
    expect(c.stats).toMatchObject({ bars: 1, updated: 2, duplicates: 1 });
  });

  it('wrong keys: start fails with a clear error naming Alpaca\'s 402, never the secret, and does not retry', async () => {
    const attempt = AlpacaBars.start(options({ keyId: 'PKWRONG', secret: 'wrong-secret-value' }));
    const error = await attempt.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StreamAuthError);
    expect((error as StreamAuthError).code).toBe(402);
    expect((error as Error).message).toMatch(/refused the API keys \(402 auth failed\)/);
    expect((error as Error).message).not.toContain('wrong-secret-value');
    await new Promise((r) => setTimeout(r, 300));
    expect(standin.stats).toMatchObject({ authFailures: 1, connections: 1 });
  });

  it('a second connection with the same key gets 406: counted, retried with backoff, StreamBusyError after authTimeoutMs', async () => {
    await start();
    const log = recordingLogger();
    const error = await AlpacaBars.start(options({ authTimeoutMs: 600, log })).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StreamBusyError);
    expect((error as StreamBusyError).connectionLimited).toBe(true);
    expect((error as Error).message).toMatch(/connection limit exceeded \(406\)/);
    expect(standin.stats.connectionLimitRefusals).toBeGreaterThanOrEqual(2);
    expect(log.entries.some((e) => e.level === 'warn' && /connection limit exceeded/.test(e.msg))).toBe(true);
    expect(standin.authenticatedSessions(KEYS.keyId)).toBe(1);
  });

  it('406 while another session holds the key: the second client takes over once that session is gone', async () => {
    const first = await start();
    const pending = AlpacaBars.start(options({ authTimeoutMs: 10_000 }));
    await eventually(() => expect(standin.stats.connectionLimitRefusals).toBeGreaterThanOrEqual(1), { timeoutMs: 5_000 });
    await first.stop();
    const second = await pending;
    clients.push(second);
    expect(second.stats.connectionLimited).toBeGreaterThanOrEqual(1);
    await eventually(() => expect(standin.subscribed('bars', 'QQQ')).toBe(true));
    standin.pushBar(bar('QQQ', 0, 430));
    await eventually(() => expect(second.stats.bars).toBe(1));
    await second.idle();
    expect((await stored()).map((s) => s.msgId)).toEqual([`QQQ:${OPEN}`]);
  });

  it('after a dropped connection the SDK reconnects with backoff, re-subscribes, and bars flow again', async () => {
    const c = await start();
    standin.pushBar(bar('SPY', 0, 500));
    await eventually(() => expect(c.stats.bars).toBe(1));
    standin.dropConnections();
    await eventually(() => expect(c.stats.reconnects).toBe(1), { timeoutMs: 5_000 });
    await eventually(() => expect(standin.subscribed('bars', 'SPY')).toBe(true));
    standin.pushBar(bar('SPY', 1, 501));
    await eventually(() => expect(c.stats.bars).toBe(2));
    await c.idle();
    expect(c.stats.reconnectAttempts).toBeGreaterThanOrEqual(1);
    expect((await stored()).map((s) => s.msgId)).toEqual([`SPY:${OPEN}`, `SPY:${OPEN + MIN}`]);
  });
});
