import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { PlainQuote } from './faults.js';
import { MarketStreamStandin, type StandinCredentials, type StreamMessage } from './market-stream.js';

/**
 * A stand-in for Alpaca's options market-data stream (`/v1beta1/indicative`, `/v1beta1/opra`), as
 * the SDK's OptionDataStream (@alpacahq/alpaca-trade-api 4.0.2, src/streaming/marketDataStream.ts)
 * speaks it: the stock stream's protocol (market-stream.ts: connected, auth, 402/404/406 errors,
 * subscribe and unsubscribe answered with the subscription) on its own paths, msgpack frames with
 * `t` a msgpack timestamp. A quote goes out as Alpaca writes one:
 *
 *   [{T:"q", S:<OCC>, bp, bs, bx, ap, as, ax, c, t}, …]   (one frame per session, its subscribed contracts)
 *
 * Driven by the stand-in (standin.ts): each replayed minute, publish() sends the quote of every
 * subscribed contract at the new clock, from the chain model the snapshots come from.
 */
export interface OptionStreamQuote {
  readonly symbol: string;
  readonly quote: PlainQuote;
}

/** An option quote on the wire of the stream. */
export interface WireStreamOptionQuote extends StreamMessage {
  readonly T: 'q';
  readonly bp: number;
  readonly bs: number;
  readonly bx: string;
  readonly ap: number;
  readonly as: number;
  readonly ax: string;
  readonly c: string;
  readonly t: Date;
}

export interface OptionStreamStandinOptions {
  readonly credentials: StandinCredentials | readonly StandinCredentials[];
  readonly connectionLimit?: number;
  readonly authTimeoutMs?: number;
  /** Quote sizes (default 10, as the snapshots'). */
  readonly quoteSize?: number;
}

const OPTION_FEED_PATH = /^\/v1beta1\/(indicative|opra)$/;

export class OptionStreamStandin {
  readonly #stream: MarketStreamStandin;
  readonly #size: number;
  /** Quotes sent (after any flaw): what a paced replay waits for its client to have taken. */
  quotesSent = 0;

  private constructor(stream: MarketStreamStandin, size: number) {
    this.#stream = stream;
    this.#size = size;
  }

  /** On the stand-in's one server (port: the server's, for url()); it hands over the upgrades. */
  static attach(port: number, o: OptionStreamStandinOptions): OptionStreamStandin {
    const stream = MarketStreamStandin.attach(port, { ...streamOptions(o), timestamps: 'msgpack', paths: OPTION_FEED_PATH });
    return new OptionStreamStandin(stream, o.quoteSize ?? 10);
  }

  get stats(): MarketStreamStandin['stats'] {
    return this.#stream.stats;
  }

  /** Every action a client sent, its secret replaced by '***'. */
  get actions(): readonly Record<string, unknown>[] {
    return this.#stream.actions;
  }

  /** The stream URL for a feed, as the SDK's `optionStream({ url })` takes it. */
  url(feed: 'indicative' | 'opra' = 'indicative'): string {
    return `ws://127.0.0.1:${this.#stream.port}/v1beta1/${feed}`;
  }

  authenticatedSessions(keyId?: string): number {
    return this.#stream.authenticatedSessions(keyId);
  }

  /** The contracts some session wants quotes of, sorted. */
  subscribedQuotes(): string[] {
    return [...this.#stream.subscriptions('quotes')].filter((s) => s !== '*').sort();
  }

  /** Sends these quotes (as they are) to the sessions subscribed to them; returns the sessions reached. */
  pushQuotes(quotes: readonly OptionStreamQuote[]): number {
    this.quotesSent += quotes.length;
    return this.#stream.pushMessages('quotes', quotes.map((q) => this.#wire(q)));
  }

  /**
   * A replayed minute: the quote at `now` of every subscribed contract (`quoteOf`; undefined:
   * none sent, e.g. expired), through `corrupt` (the stand-in's faults). Returns the quotes sent.
   */
  publish(quoteOf: (symbol: string) => PlainQuote | undefined, corrupt: (batch: OptionStreamQuote[]) => OptionStreamQuote[] = (b) => b): number {
    const batch: OptionStreamQuote[] = [];
    for (const symbol of this.subscribedQuotes()) {
      const quote = quoteOf(symbol);
      if (quote !== undefined) batch.push({ symbol, quote: { bid: quote.bid, ask: quote.ask, ts: quote.ts } });
    }
    if (batch.length === 0) return 0;
    const out = corrupt(batch);
    this.pushQuotes(out);
    return out.length;
  }

  /** Cuts every connection without a close handshake. */
  dropConnections(): void {
    this.#stream.dropConnections();
  }

  /** Every connection goes silent without closing (see StandinMarketStream.silenceConnections). */
  silenceConnections(): void {
    this.#stream.silenceConnections();
  }

  /** Takes a WebSocket upgrade of `/v1beta1/indicative` or `/v1beta1/opra` and answers true; any other path: false. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    return this.#stream.handleUpgrade(req, socket, head);
  }

  close(): Promise<void> {
    return this.#stream.close();
  }

  #wire({ symbol, quote: q }: OptionStreamQuote): WireStreamOptionQuote {
    return { T: 'q', S: symbol, bp: q.bid, bs: this.#size, bx: 'C', ap: q.ask, as: this.#size, ax: 'C', c: ' ', t: new Date(q.ts) };
  }
}

function streamOptions(o: OptionStreamStandinOptions): { credentials: OptionStreamStandinOptions['credentials']; connectionLimit?: number; authTimeoutMs?: number } {
  return {
    credentials: o.credentials,
    ...(o.connectionLimit === undefined ? {} : { connectionLimit: o.connectionLimit }),
    ...(o.authTimeoutMs === undefined ? {} : { authTimeoutMs: o.authTimeoutMs }),
  };
}
