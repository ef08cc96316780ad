/** A news article as the sentiment scorer reads it (Alpaca's news, or a market directory's news file). */
export interface NewsItem {
  /** The provider's id: the same article from REST and the stream counts once. */
  readonly id: string;
  /** When it was published, epoch ms: visible from then on. */
  readonly ts: number;
  readonly headline: string;
  readonly summary?: string;
  /** The tickers it is tagged with. */
  readonly symbols: readonly string[];
}
