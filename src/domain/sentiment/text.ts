import { NEGATION_SCOPE, NEGATIVE_TERMS, NEGATORS, POSITIVE_TERMS } from './lexicon.js';

/** Lexicon hits in a text: each hit counts 1 for its side (the other side when negated). */
export interface Polarity {
  readonly positive: number;
  readonly negative: number;
}

/** Lower-cased words of letters, digits and apostrophes (curly apostrophes read as straight). */
export function words(text: string): string[] {
  return text.toLowerCase().replace(/\u2019/g, "'").match(/[a-z0-9']+/g) ?? [];
}

function negates(word: string): boolean {
  return NEGATORS.has(word) || word.endsWith("n't");
}

function negated(tokens: readonly string[], at: number): boolean {
  for (let k = Math.max(0, at - NEGATION_SCOPE); k < at; k++) if (negates(tokens[k] as string)) return true;
  return false;
}

/** The lexicon's hits in `text` (lexicon.ts): two-word phrases first, then single words; negation flips a hit. */
export function polarityOf(text: string): Polarity {
  const tokens = words(text);
  let positive = 0;
  let negative = 0;
  for (let i = 0; i < tokens.length; ) {
    const phrase = i + 1 < tokens.length ? `${tokens[i]} ${tokens[i + 1]}` : undefined;
    const word = tokens[i] as string;
    let side = 0;
    let length = 1;
    if (phrase !== undefined && (POSITIVE_TERMS.has(phrase) || NEGATIVE_TERMS.has(phrase))) {
      side = POSITIVE_TERMS.has(phrase) ? 1 : -1;
      length = 2;
    } else if (POSITIVE_TERMS.has(word)) side = 1;
    else if (NEGATIVE_TERMS.has(word)) side = -1;
    if (side !== 0 && negated(tokens, i)) side = -side;
    if (side > 0) positive += 1;
    if (side < 0) negative += 1;
    i += length;
  }
  return { positive, negative };
}
