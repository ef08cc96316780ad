/** Why a ticker's sentiment came out as it did (scoreSentiment). Exactly one of the first five, then the notes. */
export const SENTIMENT_REASONS = [
  /** Sentiment scoring is switched off (signals.sentiment.enabled): neutral. */
  'SENTIMENT_DISABLED',
  /** No news item counted (none, all too old, all round-ups): neutral. */
  'SENTIMENT_NONE',
  /** Items counted, |score| below the neutral band: neutral. */
  'SENTIMENT_NEUTRAL',
  'SENTIMENT_POSITIVE',
  'SENTIMENT_NEGATIVE',
  /** Both a positive and a negative item counted (beside the overall side). */
  'SENTIMENT_MIXED',
  /** Items older than the window were left out. */
  'SENTIMENT_OLD_IGNORED',
  /** Items tagged with more than maxSymbols tickers (round-ups) were left out. */
  'SENTIMENT_BROAD_IGNORED',
  /** More than maxItems items: only the newest counted. */
  'SENTIMENT_CAPPED',
] as const;
export type SentimentReason = (typeof SENTIMENT_REASONS)[number];
