import { DomainError } from '../errors.js';
import { boundedMemo } from '../memo.js';
import { positive } from './numbers.js';
import { isoDateToUtcMs } from './time.js';

export type OptionRight = 'call' | 'put';

/** A listed option contract, identified by its OCC symbol (Alpaca's unpadded form). */
export interface OptionContract {
  readonly symbol: string;
  readonly underlying: string;
  /** 'YYYY-MM-DD' */
  readonly expiry: string;
  readonly right: OptionRight;
  readonly strike: number;
  /** Shares per contract; a standard contract has 100. */
  readonly multiplier: number;
}

export class OccParseError extends DomainError {
  override readonly name = 'OccParseError';
  constructor(
    code: 'OCC_FORMAT' | 'OCC_DATE' | 'OCC_STRIKE',
    readonly symbol: string,
    message: string,
  ) {
    super(code, message, 'symbol');
  }
}

// ROOT (1–6 letters, digits, '.') + YYMMDD + C|P + strike × 1000 in 8 digits.
const OCC = /^([A-Z][A-Z0-9.]{0,5})(\d{2})(\d{2})(\d{2})([CP])(\d{8})$/;

/** Whether `symbol` is an OCC option symbol (a stock's is not). */
export function isOccSymbol(symbol: string): boolean {
  try {
    parseOcc(symbol);
    return true;
  } catch {
    return false;
  }
}

/** Parses an OCC symbol (memoised: held contracts are parsed every minute). */
export const parseOcc: (symbol: string) => OptionContract = boundedMemo(4096, parseOccOnce);

function parseOccOnce(symbol: string): OptionContract {
  const compact = symbol.replace(/ /g, '');
  const m = OCC.exec(compact);
  if (!m) throw new OccParseError('OCC_FORMAT', symbol, `'${symbol}' is not an OCC option symbol (ROOT YYMMDD C|P STRIKE×1000)`);
  const [, root, yy, mm, dd, cp, strikeRaw] = m as unknown as [string, string, string, string, string, string, string];
  const expiry = `20${yy}-${mm}-${dd}`;
  try {
    isoDateToUtcMs(expiry);
  } catch {
    throw new OccParseError('OCC_DATE', symbol, `'${symbol}' has an invalid expiry date ${expiry}`);
  }
  const strike = Number(strikeRaw) / 1000;
  if (strike <= 0) throw new OccParseError('OCC_STRIKE', symbol, `'${symbol}' has a zero strike`);
  return Object.freeze({ symbol: compact, underlying: root, expiry, right: cp === 'C' ? 'call' : 'put', strike, multiplier: 100 });
}

export function formatOcc(c: { underlying: string; expiry: string; right: OptionRight; strike: number }): string {
  isoDateToUtcMs(c.expiry);
  positive(c.strike, 'strike');
  const milli = Math.round(c.strike * 1000);
  if (milli >= 1e8) throw new DomainError('OCC_STRIKE', `strike ${c.strike} does not fit an OCC symbol`, 'strike');
  if (!/^[A-Z][A-Z0-9.]{0,5}$/.test(c.underlying)) throw new DomainError('OCC_FORMAT', `bad OCC root '${c.underlying}'`, 'underlying');
  const ymd = c.expiry.slice(2).replace(/-/g, '');
  return `${c.underlying}${ymd}${c.right === 'call' ? 'C' : 'P'}${String(milli).padStart(8, '0')}`;
}

/** Builds a contract from parts, deriving its symbol. */
export function makeContract(c: { underlying: string; expiry: string; right: OptionRight; strike: number; multiplier?: number }): OptionContract {
  const symbol = formatOcc(c);
  return Object.freeze({ symbol, underlying: c.underlying, expiry: c.expiry, right: c.right, strike: c.strike, multiplier: positive(c.multiplier ?? 100, 'multiplier') });
}
