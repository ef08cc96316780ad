import { describe, expect, it } from 'vitest';
import * as domain from '../../../src/domain/index.js';
import { handResult, sampleResult } from './sample-result.js';

/** Every code of every reason list the domain exports (each declared `export const X_REASONS = [...] as const`). */
function domainReasonCodes(): Set<string> {
  const codes = new Set<string>();
  for (const [name, value] of Object.entries(domain)) {
    if (name.endsWith('_REASONS') && Array.isArray(value)) for (const code of value as unknown[]) if (typeof code === 'string') codes.add(code);
  }
  return codes;
}

describe('the report fixtures use real reason codes', () => {
  const known = domainReasonCodes();

  it('collects the reason lists of signals, selection, sizing, risk and exits', () => {
    for (const code of ['CHOP', 'SPREAD_TOO_WIDE', 'RISK_PCT', 'TOTAL_RISK', 'OPTION_TARGET', 'SHORT_AT_ROLL_DTE']) expect(known).toContain(code);
    // The codes the fixtures once used exist nowhere in src/.
    for (const code of ['OPTION_TAKE_PROFIT', 'CHOP_FILTER', 'RISK_BUDGET_EXCEEDED', 'OPEN_INTEREST_TOO_LOW']) expect(known).not.toContain(code);
  });

  it('every entry, exit and reject code in the fixtures is one the domain defines', () => {
    for (const result of [sampleResult(), sampleResult(20, 40, 11), handResult()]) {
      const used = new Set([...result.trades.flatMap((t) => [...t.entryReasons, ...t.exitReasons]), ...Object.keys(result.rejectCounts)]);
      expect([...used].filter((code) => !known.has(code))).toEqual([]);
    }
  });
});
