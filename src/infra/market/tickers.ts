/** Fictional tickers of the sample market and their drawn parameters. */
import type { TickerEntry } from './manifest.js';
import { deriveSeed, mulberry32, type Rng } from './random.js';

const NAMES = [
  'ALFA', 'BRVO', 'CHRL', 'DLTA', 'ECHX', 'FXTR', 'GLFO', 'HTLX', 'INDX', 'JLTT', 'KILX', 'LIMX', 'MKEX',
  'NOVR', 'OSCX', 'PAPX', 'QBEC', 'ROMX', 'SIRX', 'TNGO', 'UNFM', 'VCTR', 'WSKY', 'XRYX', 'YNKE', 'ZULX',
] as const;

/** Risk-free rate of the generated market (roughly the 2025 T-bill yield). */
const GENERATED_RATE = 0.04;

/** The i-th fictional ticker: ALFA, BRVO, … ZULX, then ALFA2, BRVO2, … */
export function tickerName(i: number): string {
  const base = NAMES[i % NAMES.length] ?? 'ALFA';
  const round = Math.floor(i / NAMES.length);
  return round === 0 ? base : `${base}${round + 1}`;
}

function logUniform(rng: Rng, min: number, max: number): number {
  return Math.exp(rng.uniform(Math.log(min), Math.log(max)));
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Draws ticker `index`'s price level, drift, vol, volume and chain parameters from the seed. */
export function drawTicker(seed: number, index: number): TickerEntry & { sim: NonNullable<TickerEntry['sim']> } {
  const rng = mulberry32(deriveSeed(seed, 'ticker', index));
  const vol = round(rng.uniform(0.18, 0.65), 4);
  const ivPremium = round(rng.uniform(1.05, 1.25), 4);
  const oiScale = Math.round(logUniform(rng, 600, 20_000));
  return {
    symbol: tickerName(index),
    skewSlope: round(-rng.uniform(0.3, 1), 4),
    termSlope: round(rng.uniform(-0.02, 0.08), 4),
    dividendYield: rng.next() < 0.5 ? 0 : round(rng.uniform(0.003, 0.03), 4),
    rate: GENERATED_RATE,
    oiScale,
    volumeScale: Math.round(oiScale * rng.uniform(0.3, 0.8)),
    ivPremium,
    fallbackIv: round(vol * ivPremium, 4),
    sim: {
      startPrice: round(logUniform(rng, 15, 600), 2),
      drift: round(0.15 * rng.normal(), 4),
      vol,
      barVolume: Math.round(logUniform(rng, 3_000, 60_000)),
    },
  };
}
