/**
 * The finance lexicon the sentiment scorer counts (Thetis's own, small and explicit; the seed names
 * no list). Text is lower-cased and cut into words of letters, digits and apostrophes; a two-word
 * phrase is tried before its first word alone, so "cuts guidance" is negative while "cuts" alone
 * (a rate cut, a cost cut) is not in the lexicon. Words that read both ways ("raises": guidance or
 * capital) are listed only inside phrases.
 */
export const POSITIVE_TERMS: ReadonlySet<string> = new Set([
  'beat', 'beats', 'tops', 'topped', 'exceeds', 'exceeded', 'surpasses', 'surpassed',
  'upgrade', 'upgrades', 'upgraded', 'outperform', 'outperforms', 'overweight',
  'raises guidance', 'raised guidance', 'raises outlook', 'raised outlook', 'raises forecast', 'raised forecast',
  'boosts guidance', 'hikes dividend', 'raises dividend', 'raises target', 'raised target',
  'record', 'surge', 'surges', 'surged', 'soars', 'soared', 'jumps', 'jumped', 'rallies', 'rallied',
  'gains', 'gained', 'growth', 'profit', 'profitable', 'strong', 'stronger', 'bullish', 'buyback',
  'approval', 'approved', 'wins', 'awarded', 'partnership', 'expands', 'breakthrough',
]);

export const NEGATIVE_TERMS: ReadonlySet<string> = new Set([
  'miss', 'misses', 'missed', 'downgrade', 'downgrades', 'downgraded', 'underperform', 'underweight',
  'cuts guidance', 'cut guidance', 'lowers guidance', 'lowered guidance', 'cuts outlook', 'lowers outlook',
  'cuts forecast', 'lowers forecast', 'cuts dividend', 'suspends dividend', 'lowers target', 'cuts target',
  'lawsuit', 'sues', 'sued', 'recall', 'recalls', 'recalled', 'probe', 'investigation', 'fraud', 'subpoena',
  'plunge', 'plunges', 'plunged', 'slump', 'slumps', 'tumbles', 'tumbled', 'sinks', 'sank', 'falls', 'fell',
  'weak', 'weaker', 'bearish', 'loss', 'losses', 'layoffs', 'bankruptcy', 'default', 'halted', 'delays', 'delayed',
  'warning', 'warns',
]);

/**
 * Negation, kept simple: a lexicon hit with one of these within the NEGATION_SCOPE words before it
 * counts for the other side ("did not beat" is negative, "no lawsuit" positive). Any word ending in
 * "n't" negates too (doesn't, didn't, won't, isn't).
 */
export const NEGATORS: ReadonlySet<string> = new Set(['not', 'no', 'never', 'without', 'nor', 'cannot', 'neither']);
export const NEGATION_SCOPE = 3;
