import { jetstreamManager } from '@nats-io/jetstream';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../src/actors/runtime/logger.js';
import { AlpacaBars } from '../../../../src/infra/alpaca/market/bars.js';
import { MarketStreamStandin, type StandinBar } from '../../../../src/infra/alpaca-standin/market-stream.js';
import { LiveRig, type InProcessEngine } from '../../../app/fixtures/live-rig.js';
import { RIG_TICKERS } from '../../../app/fixtures/rig-settings.js';
import { eventually } from '../../../helpers/eventually.js';

const KEYS = { keyId: 'PKE2EKEY', secret: 'e2e-secret' };
const OPEN = Date.UTC(2025, 2, 11, 13, 30);
const MIN = 60_000;

describe('stand-in → AlpacaBars (real SDK) → JetStream → the live engine', () => {
  let rig: LiveRig | undefined;
  let engine: InProcessEngine | undefined;
  let standin: MarketStreamStandin | undefined;
  let client: AlpacaBars | undefined;

  afterEach(async () => {
    await client?.stop();
    await standin?.close();
    await engine?.running.stop();
    await rig?.close();
    client = standin = engine = rig = undefined;
  });

  it('the engine takes the bars (its bars consumer acknowledges them); the updated bar of the last minute is taken too (and acknowledged)', async () => {
    rig = await LiveRig.start('sqlite');
    engine = await rig.startEngine();
    standin = await MarketStreamStandin.start({ credentials: KEYS });
    client = await AlpacaBars.start({ ...KEYS, tickers: RIG_TICKERS, link: rig.link, settings: rig.nats, subjects: rig.sub, log: silentLogger, url: standin.url('sip'), feed: 'sip' });
    const s = standin;
    await eventually(() => expect(RIG_TICKERS.every((t) => s.subscribed('bars', t) && s.subscribed('updatedBars', t))).toBe(true));

    const minutes = 5;
    for (let i = 0; i < minutes; i++) {
      const bars: StandinBar[] = RIG_TICKERS.map((symbol, k) => {
        const close = (symbol === 'SPY' ? 500 : 430) + i * 0.2 + k * 0.01;
        return { symbol, ts: OPEN + i * MIN, open: close - 0.1, high: close + 0.2, low: close - 0.2, close, volume: 1000 + i };
      });
      s.pushBars(bars);
    }
    // A late trade moves the last SPY minute after it was sent.
    s.pushUpdatedBar({ symbol: 'SPY', ts: OPEN + (minutes - 1) * MIN, open: 500.7, high: 501.2, low: 500.5, close: 501.1, volume: 1900 });
    const c = client;
    await eventually(() => expect(c.stats.received).toBe(minutes * RIG_TICKERS.length + 1), { timeoutMs: 5_000 });
    await c.idle();
    expect(c.stats).toMatchObject({ bars: minutes * RIG_TICKERS.length, updated: 1, refused: 0, publishFailures: 0 });

    const jsm = await jetstreamManager(rig.link.nc);
    const stream = await jsm.streams.info(rig.sub.barsStream);
    // The updated bar is on the stream beside the original; the engine takes it, its Underlying
    // refuses it as DUPLICATE_BAR (a 'bar' decision, counted by the decision writer, not stored).
    expect(stream.state.messages).toBe(minutes * RIG_TICKERS.length + 1);
    await eventually(
      async () => {
        const consumer = await jsm.consumers.info(rig!.sub.barsStream, rig!.sub.engineBarsConsumer);
        expect(consumer.ack_floor.stream_seq).toBe(stream.state.last_seq);
        expect(consumer.num_pending + consumer.num_ack_pending).toBe(0);
      },
      { timeoutMs: 10_000 },
    );
  }, 60_000);
});
