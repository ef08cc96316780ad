import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ChainEntry } from '../../src/domain/selection/types.js';
import { AlpacaOptionsMarketData } from '../../src/infra/alpaca/market/options.js';
import type { QuoteFlaw } from '../../src/infra/alpaca/market/options-translate.js';
import { OPTION_QUOTE_FLAWS, type OptionQuoteFlaw } from '../../src/infra/alpaca-standin/faults.js';
import { AlpacaStandin } from '../../src/infra/alpaca-standin/standin.js';
import { openDatabase } from '../../src/infra/db/orm.js';
import { openMarket } from '../../src/infra/market/load.js';
import { subjects } from '../../src/infra/nats/subjects.js';
import { eventually } from '../helpers/eventually.js';
import { caughtUp, generatePaperMarket, PAPER_KEYS, startPaperSession } from './fixtures/paper.js';
import { dropNamespace, NATS_URL, uniqueNamespace } from '../helpers/nats.js';
import { freshDatabase, query, type TestDatabase } from '../infra/db/databases.js';

/** Each stand-in flaw and the reason the option client counts it by (from the flaw's description in faults.ts). */
const FLAW_REASON: Record<OptionQuoteFlaw, QuoteFlaw> = { nan: 'NOT_A_NUMBER', crossed: 'CROSSED', 'zero-bid': 'ZERO_BID', stale: 'STALE' };

/**
 * The session of paper-session.test.ts (4 tickers, 2 days, 780 minutes; clean, it places 7 to 14
 * orders) against a stand-in serving bad option data: NaN prices, crossed quotes, zero bids and
 * stale times, shared out among the contracts of each snapshots page and option stream frame
 * (faults.ts, bad-option-quote). Every bad quote is refused by the option client with its reason
 * counted, and no order comes of one.
 */
describe('a paper session against the Alpaca stand-in serving bad option quotes', () => {
  let dir: string;
  const cleanups: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'thetis-paper-bad-data-'));
    await generatePaperMarket(dir);
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    for (const c of cleanups.reverse()) await c();
    rmSync(dir, { recursive: true, force: true });
  });

  interface Run {
    readonly s: AlpacaStandin;
    /** The session's option client (the one the engine asks for chains), once it has asked. */
    client(): AlpacaOptionsMarketData;
    /** What each chain call returned. */
    readonly chains: (readonly ChainEntry[])[];
    readonly database: TestDatabase;
    /** Replays one minute and waits for the session to take it; false when the market is over. */
    step(): Promise<boolean>;
  }

  /** A stand-in, a paper session on it (PostgreSQL, its own NATS namespace), the option client seen through its chain calls (the real method runs). */
  async function run(): Promise<Run> {
    const market = await openMarket(dir);
    const tickers = market.tickers.map((t) => t.symbol);
    const s = await AlpacaStandin.start({ market, keys: PAPER_KEYS, speed: 0, cash: 100_000 });
    cleanups.push(() => s.close());
    const clients = new Set<AlpacaOptionsMarketData>();
    const chains: (readonly ChainEntry[])[] = [];
    vi.restoreAllMocks(); // the previous run's spy: this one wraps the real method
    const chain = AlpacaOptionsMarketData.prototype.chain;
    vi.spyOn(AlpacaOptionsMarketData.prototype, 'chain').mockImplementation(async function (this: AlpacaOptionsMarketData, ...args) {
      clients.add(this);
      const entries = await chain.apply(this, args);
      chains.push(entries);
      return entries;
    });
    const database = await freshDatabase('postgresql');
    cleanups.push(() => database.drop());
    const namespace = uniqueNamespace();
    cleanups.push(() => dropNamespace(NATS_URL, namespace));
    const session = await startPaperSession(s, tickers, namespace, database.settings);
    cleanups.push(() => session.stop());
    const nc: NatsConnection = await connect({ servers: NATS_URL });
    cleanups.push(() => nc.close());
    const jsm = await jetstreamManager(nc);
    const sub = subjects(namespace);
    return {
      s,
      chains,
      database,
      client: () => {
        expect(clients.size).toBe(1);
        return [...clients][0] as AlpacaOptionsMarketData;
      },
      step: async () => {
        if ((await s.step(1)) === 0) return false;
        await caughtUp(jsm, sub, { session, standin: s });
        return true;
      },
    };
  }

  it('every snapshot quote bad from the start: each refused with its counted reason, every chain empty, no order placed', async () => {
    const r = await run();
    const { s, chains } = r;
    s.inject(OPTION_QUOTE_FLAWS.map((flaw) => ({ kind: 'bad-option-quote', flaw })));
    while (await r.step());

    // Chains were asked for (the signals of the clean run still fire), every one empty.
    const md = r.client();
    expect(chains.length).toBeGreaterThan(0);
    expect(chains.every((c) => c.length === 0)).toBe(true);
    expect(md.stats.entries).toBe(0);

    // Every corrupt quote the stand-in served was refused, counted under its flaw: the stand-in's
    // count of each flaw (its side of the wire) is the client's, and each flaw occurred.
    const served = s.faults.corrupted.snapshots;
    for (const flaw of OPTION_QUOTE_FLAWS) {
      expect(served[flaw], flaw).toBeGreaterThan(0);
      expect(md.stats.badQuotes[FLAW_REASON[flaw]], flaw).toBe(served[flaw]);
    }
    const total = OPTION_QUOTE_FLAWS.reduce((n, f) => n + served[f], 0);
    expect(md.stats.skippedBy.BAD_QUOTE).toBe(total);
    // No other reason came into it: the bad quotes are judged before the listing.
    expect(md.stats.skipped).toBe(total);
    expect(md.stats.badQuotes.NOT_POSITIVE + md.stats.badQuotes.BAD_TIME + md.stats.badQuotes.INVALID).toBe(0);
    // Nothing held, so nothing subscribed: no stream quote went out.
    expect(s.optionStream.quotesSent).toBe(0);

    // No order: none at the broker, none in the store; each chain call a selection refused as EMPTY_CHAIN.
    expect(s.trading.broker.orders()).toEqual([]);
    const db = await openDatabase(r.database.settings);
    try {
      expect(await query(db.orm, `select "client_order_id" from "order_intent"`)).toEqual([]);
      await eventually(
        async () => {
          const decisions = await query<{ kind: string; ok: boolean; reasons: string[] | string }>(db.orm, `select "kind", "ok", "reasons" from "decision" where "kind" in ('selection', 'sizing', 'risk', 'order')`);
          const reasons = decisions.map((d) => `${d.kind} ${String(d.ok)} ${(typeof d.reasons === 'string' ? (JSON.parse(d.reasons) as string[]) : d.reasons).join(',')}`);
          expect(reasons).toEqual(Array(chains.length).fill('selection false EMPTY_CHAIN'));
        },
        { timeoutMs: 10_000 },
      );
    } finally {
      await db.close();
    }
  }, 180_000);

  it('clean until a position is held, then every quote bad: the held contract’s stream quotes refused and counted by flaw, no further entry', async () => {
    const r = await run();
    const { s } = r;
    const broker = s.trading.broker;
    while (broker.positions().length === 0) expect(await r.step()).toBe(true);
    // The held contract is subscribed on the options stream once its position asks for a quote (on the next bar).
    const held = broker.positions().map((p) => p.contract.symbol);
    expect(await r.step()).toBe(true);
    await eventually(() => expect(s.optionStream.subscribedQuotes()).toEqual(expect.arrayContaining(held)), { timeoutMs: 5_000 });
    const md = r.client();
    expect(md.stats.streamQuotesRefused).toBe(0);
    const opening = () => broker.orders().filter((o) => o.clientOrderId.endsWith('-open')).length;
    const openedBefore = opening();
    const chainsBefore = r.chains.length;

    s.inject(OPTION_QUOTE_FLAWS.map((flaw) => ({ kind: 'bad-option-quote', flaw })));
    for (let m = 0; m < 120 && (await r.step()); m++);

    // Every bad stream quote sent was refused, under its flaw (flaws rotate each minute, so each occurred).
    const sent = s.faults.corrupted.stream;
    await eventually(() => {
      for (const flaw of OPTION_QUOTE_FLAWS) expect(md.stats.streamQuotesRefusedBy[FLAW_REASON[flaw]], flaw).toBe(sent[flaw]);
    });
    for (const flaw of OPTION_QUOTE_FLAWS) expect(sent[flaw], flaw).toBeGreaterThan(0);
    expect(md.stats.streamQuotesRefused).toBe(OPTION_QUOTE_FLAWS.reduce((n, f) => n + sent[f], 0));
    // Chains asked for since came back empty, and no opening order went out (exits may, on the underlying).
    expect(r.chains.slice(chainsBefore).every((c) => c.length === 0)).toBe(true);
    expect(opening()).toBe(openedBefore);
  }, 180_000);
});
