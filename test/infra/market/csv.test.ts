import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatBarRow, parseBarRow, readPlainRow, ROW_FIELDS, type CsvBar } from '../../../src/infra/market/csv.js';

/** What the fast path wrote into `out`, before any assertion on it: a value no field can hold. */
const UNTOUCHED = -123_456.789;

/** readPlainRow on `text` embedded between other bytes (start/end must be honoured), or undefined when it declines. */
function fast(text: string, before = 'x,9\n', after = '\n1,2,3'): number[] | undefined {
  const bytes = Buffer.from(`${before}${text}${after}`);
  const start = Buffer.byteLength(before);
  const out = new Float64Array(ROW_FIELDS).fill(UNTOUCHED);
  return readPlainRow(bytes, start, start + Buffer.byteLength(text), out) ? [...out] : undefined;
}

/** parseBarRow as the same 7 numbers (iv undefined → NaN, as the fast path writes it). */
function exact(text: string): number[] {
  const r = parseBarRow(text);
  return [r.ts, r.open, r.high, r.low, r.close, r.volume, r.iv ?? Number.NaN];
}

/** Object.is on every field: tells -0 from 0, and NaN equals NaN. */
function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, k) => Object.is(x, b[k]));
}

/** A decimal written with exactly `decimals` fraction digits (trailing zeros kept), e.g. (1250, 2) → '12.50'. */
function decimalText(mantissa: number, decimals: number, negative: boolean): string {
  const digits = String(mantissa).padStart(decimals + 1, '0');
  const text = decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
  return negative ? `-${text}` : text;
}

const price = fc.tuple(fc.nat({ max: 9_999_999_999 }), fc.integer({ min: 0, max: 4 }), fc.boolean()).map(([m, d, neg]) => decimalText(m, d, neg));
const positiveDecimal = fc.tuple(fc.integer({ min: 1, max: 99_999_999 }), fc.integer({ min: 1, max: 6 })).map(([m, d]) => decimalText(m, d, false));
const validRow = fc
  .record({
    ts: fc.integer({ min: -99_999_999_999_999, max: 999_999_999_999_999 }),
    open: price,
    high: price,
    low: price,
    close: price,
    volume: fc.nat({ max: Number.MAX_SAFE_INTEGER }).map((v) => v % 1_000_000_000_000),
    iv: fc.oneof(fc.constant(''), positiveDecimal),
  })
  .map((r) => `${r.ts},${r.open},${r.high},${r.low},${r.close},${r.volume},${r.iv}`);

/** Fields that are often plain decimals and often nearly so: what could trick a hand-written number reader. */
const TRICKY = ['0', '1', '9', '5', '.', '-', 'e', 'E', '+', ' ', 'x', '\t', '\r', ',', '\u00e9', '\u00a0'];
const trickyField = fc.oneof(
  price,
  positiveDecimal,
  fc.constantFrom('', '.', '-', '-.', '.5', '5.', '-.5', '-0', '0', '00012', '1e3', '1E3', '+1', ' 1', '1 ', '0x1f', 'Infinity', 'NaN', '1_000', '0.0000', '9'.repeat(15), '9'.repeat(16), `0.${'0'.repeat(14)}1`),
  fc.string({ unit: fc.constantFrom(...TRICKY), maxLength: 8 }),
);
/** Mostly plain fields with the odd tricky one: rows on both sides of the fast path's boundary. */
const mostlyPlainField = fc.oneof({ arbitrary: fc.oneof(price, positiveDecimal), weight: 12 }, { arbitrary: trickyField, weight: 1 });
const mostlyPlainTs = fc.oneof({ arbitrary: fc.integer({ min: -1e15 + 1, max: 1e15 - 1 }).map(String), weight: 8 }, { arbitrary: trickyField, weight: 1 });
const mostlyPlainIv = fc.oneof({ arbitrary: fc.oneof(fc.constant(''), positiveDecimal), weight: 8 }, { arbitrary: trickyField, weight: 1 });
const nearlyValidRow = fc.oneof(
  fc.tuple(mostlyPlainTs, fc.array(mostlyPlainField, { minLength: 4, maxLength: 6 }), mostlyPlainIv).map(([ts, mid, iv]) => [ts, ...mid, iv]),
  fc.array(trickyField, { minLength: 5, maxLength: 9 }),
).map((fields) => fields.join(','));
const anyText = fc.oneof(nearlyValidRow, fc.string({ maxLength: 60 }), fc.string({ unit: fc.constantFrom(...TRICKY), maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }));

describe('readPlainRow', () => {
  it('reads every valid plain row exactly as parseBarRow does', () => {
    fc.assert(
      fc.property(validRow, (text) => {
        const got = fast(text);
        expect(got, text).toBeDefined();
        expect(sameNumbers(got ?? [], exact(text)), `${text}: ${String(got)} vs ${String(exact(text))}`).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('never accepts a row the exact parser rejects or reads differently', () => {
    let accepted = 0;
    fc.assert(
      fc.property(anyText, (text) => {
        const got = fast(text);
        if (got === undefined) return;
        accepted += 1;
        let want: number[] = [];
        expect(() => (want = exact(text)), `fast path accepted '${text}'`).not.toThrow();
        expect(sameNumbers(got, want), `'${text}': ${String(got)} vs ${String(want)}`).toBe(true);
      }),
      { numRuns: 5000 },
    );
    // Not vacuous: the generator reaches the fast path's accepting side often.
    expect(accepted).toBeGreaterThan(50);
  });

  it('takes every row formatBarRow writes (the generator stays on the fast path)', () => {
    const bar = fc.record({
      ts: fc.integer({ min: 1_500_000_000_000, max: 2_500_000_000_000 }),
      open: fc.double({ min: 0.01, max: 99_999, noNaN: true }),
      high: fc.double({ min: 0.01, max: 99_999, noNaN: true }),
      low: fc.double({ min: 0.01, max: 99_999, noNaN: true }),
      close: fc.double({ min: 0.01, max: 99_999, noNaN: true }),
      volume: fc.double({ min: 0, max: 1e9, noNaN: true }),
      iv: fc.option(fc.double({ min: 0.0001, max: 5, noNaN: true }), { nil: undefined }),
    });
    fc.assert(
      fc.property(bar, (b: CsvBar) => {
        const text = formatBarRow(b);
        const got = fast(text);
        expect(got, text).toBeDefined();
        expect(sameNumbers(got ?? [], exact(text)), text).toBe(true);
      }),
    );
  });

  it('reads a typical row, an empty iv as NaN', () => {
    expect(fast('1748871000000,81.30,81.45,81.2,81.4,1200,0.3125')).toEqual([1748871000000, 81.3, 81.45, 81.2, 81.4, 1200, 0.3125]);
    const got = fast('1748871000000,81.30,81.45,81.2,81.4,1200,');
    expect(got?.slice(0, 6)).toEqual([1748871000000, 81.3, 81.45, 81.2, 81.4, 1200]);
    expect(Number.isNaN(got?.[6])).toBe(true);
  });

  it.each([
    ['a leading dot', '1,.5,1,1,1,1,0.2', 0.5],
    ['a trailing dot', '1,5.,1,1,1,1,0.2', 5],
    ['a negative zero', '1,-0,1,1,1,1,0.2', -0],
    ['leading zeros', '1,00012.50,1,1,1,1,0.2', 12.5],
    ['15 significant digits', '1,123456789.012345,1,1,1,1,0.2', 123456789.012345],
    ['the value nearest a long decimal', '1,0.10000000000001,1,1,1,1,0.2', 0.10000000000001],
  ])('reads %s as Number() does', (_what, text, open) => {
    const got = fast(text);
    expect(got).toBeDefined();
    expect(Object.is(got?.[1], open)).toBe(true);
    expect(sameNumbers(got ?? [], exact(text))).toBe(true);
  });

  it.each([
    ['exponent notation', '1,1e3,1,1,1,1,0.2'],
    ['an upper-case exponent', '1,1,1,1,1,1E3,0.2'],
    ['a plus sign', '1,+1,1,1,1,1,0.2'],
    ['a space before a number', '1, 1,1,1,1,1,0.2'],
    ['a space after a number', '1,1 ,1,1,1,1,0.2'],
    ['a hex number', '1,0x1f,1,1,1,1,0.2'],
    ['Infinity', '1,Infinity,1,1,1,1,0.2'],
    ['16 significant digits', '1,1234567890123456,1,1,1,1,0.2'],
    ['16 digits counting leading zeros', `1,0.${'0'.repeat(14)}1,1,1,1,1,0.2`],
    ['a 16-digit ts', '1748871000000000,1,1,1,1,1,0.2'],
    ['two dots', '1,1.2.3,1,1,1,1,0.2'],
    ['a lone dot', '1,.,1,1,1,1,0.2'],
    ['a lone minus', '1,-,1,1,1,1,0.2'],
  ])('falls back on %s (parseBarRow reads it or names it)', (_what, text) => {
    expect(fast(text)).toBeUndefined();
  });

  it('falls back to Number() syntax the exact parser accepts, with the value it gives', () => {
    expect(exact('1,1e3,1,1,1,1,0.2')[1]).toBe(1000);
    expect(exact('1,1,1,1,1,1234567890123456,0.2')[5]).toBe(1234567890123456);
  });

  it.each([
    ['a fractional ts', '1748871000000.5,1,1,1,1,1,0.2', /ts must be whole/],
    ['a zero iv', '1,1,1,1,1,1,0', /iv must be > 0/],
    ['a zero iv with decimals', '1,1,1,1,1,1,0.0000', /iv must be > 0/],
    ['a negative iv', '1,1,1,1,1,1,-0.3', /iv must be > 0/],
    ['a negative zero iv', '1,1,1,1,1,1,-0', /iv must be > 0/],
    ['a missing field', '1,1,1,1,1,1', /expected 7 fields/],
    ['an extra field', '1,1,1,1,1,1,0.2,9', /expected 7 fields/],
    ['a trailing comma', '1,1,1,1,1,1,0.2,', /expected 7 fields/],
    ['an empty price', '1,,1,1,1,1,0.2', /open is not a finite number/],
    ['an empty ts', ',1,1,1,1,1,0.2', /ts is not a finite number/],
    ['a letter', '1,1,1,1,abc,1,0.2', /close is not a finite number/],
    ['an empty row', '', /expected 7 fields/],
  ])('returns false for %s, which parseBarRow rejects', (_what, text, reason) => {
    expect(fast(text)).toBeUndefined();
    expect(() => parseBarRow(text)).toThrow(reason);
  });

  it("leaves '\\r' to the caller: a row ending in it is declined, the row without it is read", () => {
    expect(fast('1,1,1,1,1,1,0.2\r')).toBeUndefined();
    expect(fast('1,1,1,1,1,1,\r')).toBeUndefined();
    // The caller passes end before the '\r' of a CRLF line.
    const bytes = Buffer.from('1,2,3,4,5,6,0.25\r\n');
    const out = new Float64Array(ROW_FIELDS);
    expect(readPlainRow(bytes, 0, bytes.length - 2, out)).toBe(true);
    expect([...out]).toEqual([1, 2, 3, 4, 5, 6, 0.25]);
  });

  it('reads only bytes [start, end), not the neighbouring rows', () => {
    const bytes = Buffer.from('9,9,9,9,9,9,0.9\n1,2,3,4,5,6,0.25\n7,7,7,7,7,7,0.7');
    const out = new Float64Array(ROW_FIELDS);
    expect(readPlainRow(bytes, 16, 32, out)).toBe(true);
    expect([...out]).toEqual([1, 2, 3, 4, 5, 6, 0.25]);
    // A range that stops inside the iv field reads a shorter iv; one cut before the last comma is short a field.
    expect(readPlainRow(bytes, 16, 31, out)).toBe(true);
    expect(out[6]).toBe(0.2);
    expect(readPlainRow(bytes, 16, 27, out)).toBe(false);
  });
});
