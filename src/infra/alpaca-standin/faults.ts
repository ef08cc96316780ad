import { z } from 'zod';
import { DAY_MS } from '../../domain/values/time.js';
import type { WireOptionSnapshot } from '../alpaca/market/options-wire.js';
import { rfc3339 } from '../alpaca/market/wire.js';

/**
 * Faults the stand-in injects on request (POST /_standin/faults, the control API in control.ts). REST faults match requests by method and path (either omitted:
 * any) and answer the next `times` of them; the control API itself is never faulted.
 *
 *   {kind:"status", status:429|500|502|503|504|…, times?, method?, path?, retryAfter?}
 *       answer with that status and Alpaca's error body for it (429 with Retry-After when given)
 *   {kind:"delay", ms, times?, method?, path?}    hold the answer ms, then handle the request
 *   {kind:"reset", times?, method?, path?}        destroy the connection instead of answering
 *   {kind:"drop", stream?: "trading"|"market"|"all"}  cut the WebSocket connections now (no close handshake)
 *   {kind:"silence", stream?: "trading"|"market"|"all"}  the WebSocket connections go silent now, without
 *       closing (a half-open link): nothing sent or read on them, pings unanswered, until the client gives them up
 *   {kind:"duplicate-bar", times?}                the next `times` minutes' bars are sent twice
 *   {kind:"out-of-order-bar", times?}             after the next `times` minutes' bars, the minute before is sent again
 *   {kind:"bad-option-quote", flaw:"nan"|"crossed"|"zero-bid"|"stale", on?:"snapshots"|"stream"|"both", minutes?}
 *       every option quote served goes out corrupt: nan → bid and ask NaN (null in JSON snapshots, a
 *       float NaN on the msgpack stream), crossed → bid = ask + 0.05, zero-bid → bid 0, stale → its time
 *       a day back. `on` (default both): the snapshots (GET /v1beta1/options/snapshots/…), the option
 *       stream (/v1beta1/<feed>), or both. `minutes`: for the next that many replayed minutes (their
 *       stream quotes, and the snapshots served until the last of them has passed); omitted, until
 *       DELETE /_standin/faults. With n such faults active, the k-th quote of a snapshots page or
 *       stream frame (by symbol) gets the ((k + minute) mod n)-th flaw, minute being the stand-in's
 *       replayed-minute count: over a few minutes every contract meets every flaw. The stand-in counts
 *       what it corrupted (FaultQueue.corrupted).
 */
const match = {
  times: z.number().int().min(1).default(1),
  method: z.enum(['GET', 'POST', 'DELETE', 'PATCH', 'PUT']).optional(),
  path: z.string().startsWith('/').optional(),
};

export const faultSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('status'), status: z.number().int().min(400).max(599), retryAfter: z.number().int().min(0).optional(), ...match }),
  z.strictObject({ kind: z.literal('delay'), ms: z.number().int().min(0).max(120_000), ...match }),
  z.strictObject({ kind: z.literal('reset'), ...match }),
  z.strictObject({ kind: z.literal('drop'), stream: z.enum(['trading', 'market', 'all']).default('all') }),
  z.strictObject({ kind: z.literal('silence'), stream: z.enum(['trading', 'market', 'all']).default('all') }),
  z.strictObject({ kind: z.literal('duplicate-bar'), times: z.number().int().min(1).default(1) }),
  z.strictObject({ kind: z.literal('out-of-order-bar'), times: z.number().int().min(1).default(1) }),
  z.strictObject({
    kind: z.literal('bad-option-quote'),
    flaw: z.enum(['nan', 'crossed', 'zero-bid', 'stale']),
    on: z.enum(['snapshots', 'stream', 'both']).default('both'),
    minutes: z.number().int().min(1).optional(),
  }),
]);
export type Fault = z.output<typeof faultSchema>;
export type FaultInput = z.input<typeof faultSchema>;
export type RestFault = Extract<Fault, { kind: 'status' | 'delay' | 'reset' }>;
export type BarFault = Extract<Fault, { kind: 'duplicate-bar' | 'out-of-order-bar' }>;
export type OptionQuoteFault = Extract<Fault, { kind: 'bad-option-quote' }>;
export type OptionQuoteFlaw = OptionQuoteFault['flaw'];
export const OPTION_QUOTE_FLAWS: readonly OptionQuoteFlaw[] = ['nan', 'crossed', 'zero-bid', 'stale'];
/** Where an option quote goes out: in a snapshot or on the option stream. */
export type OptionQuoteOutlet = 'snapshots' | 'stream';

/** How far back a stale quote's time is put. */
export const STALE_QUOTE_AGE_MS = DAY_MS;

/** An option quote's prices and time (epoch ms), as the stand-in is about to send it. */
export interface PlainQuote {
  readonly bid: number;
  readonly ask: number;
  readonly ts: number;
}

/** The quote with the flaw (`now`: the stand-in's clock, for stale). */
export function corruptQuote(q: PlainQuote, flaw: OptionQuoteFlaw, now: number): PlainQuote {
  switch (flaw) {
    case 'nan':
      return { ...q, bid: Number.NaN, ask: Number.NaN };
    case 'crossed':
      return { ...q, bid: Math.round((q.ask + 0.05) * 100) / 100 };
    case 'zero-bid':
      return { ...q, bid: 0 };
    case 'stale':
      return { ...q, ts: now - STALE_QUOTE_AGE_MS };
  }
}

/** Parses one fault or a list; throws a ZodError naming each bad field. */
export function parseFaults(raw: unknown): Fault[] {
  return (Array.isArray(raw) ? z.array(faultSchema) : faultSchema.transform((f) => [f])).parse(raw);
}

interface Pending<F> {
  readonly fault: F;
  left: number;
}

function zeroFlaws(): Record<OptionQuoteFlaw, number> {
  return { nan: 0, crossed: 0, 'zero-bid': 0, stale: 0 };
}

/** The faults still to fire, oldest first. */
export class FaultQueue {
  #rest: Pending<RestFault>[] = [];
  #bars: Pending<BarFault>[] = [];
  /** left: minutes still to run (Infinity: until cleared). */
  #quotes: Pending<OptionQuoteFault>[] = [];
  /** The option quotes corrupted so far, per outlet and flaw (only grows; clear() keeps it). */
  readonly corrupted: Record<OptionQuoteOutlet, Record<OptionQuoteFlaw, number>> = { snapshots: zeroFlaws(), stream: zeroFlaws() };

  add(fault: RestFault | BarFault | OptionQuoteFault): void {
    if (fault.kind === 'duplicate-bar' || fault.kind === 'out-of-order-bar') this.#bars.push({ fault, left: fault.times });
    else if (fault.kind === 'bad-option-quote') this.#quotes.push({ fault, left: fault.minutes ?? Number.POSITIVE_INFINITY });
    else this.#rest.push({ fault, left: fault.times });
  }

  /** The flaws active on an outlet, oldest fault first. */
  optionQuoteFlaws(outlet: OptionQuoteOutlet): OptionQuoteFlaw[] {
    return this.#quotes.filter((p) => p.fault.on === 'both' || p.fault.on === outlet).map((p) => p.fault.flaw);
  }

  /**
   * Corrupts a batch of quotes going out together (a snapshots page, a stream frame) with the
   * outlet's active flaws, as the fault kind describes; counts each. `minute`: the replayed-minute count.
   */
  corruptQuotes<Q extends { readonly symbol: string; readonly quote: PlainQuote }>(outlet: OptionQuoteOutlet, batch: readonly Q[], now: number, minute: number): Q[] {
    const flaws = this.optionQuoteFlaws(outlet);
    if (flaws.length === 0) return [...batch];
    return [...batch]
      .sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0))
      .map((item, k) => {
        const flaw = flaws[(k + minute) % flaws.length] as OptionQuoteFlaw;
        this.corrupted[outlet][flaw] += 1;
        return { ...item, quote: corruptQuote(item.quote, flaw, now) };
      });
  }

  /** A snapshots page with the active snapshot flaws applied to the latest quotes (corruptQuotes). */
  corruptSnapshots(snaps: Record<string, WireOptionSnapshot>, now: number, minute: number): Record<string, WireOptionSnapshot> {
    const batch = Object.entries(snaps).flatMap(([symbol, snap]) => (snap.latestQuote === undefined ? [] : [{ symbol, quote: { bid: snap.latestQuote.bp, ask: snap.latestQuote.ap, ts: Date.parse(snap.latestQuote.t) } }]));
    const out = { ...snaps };
    for (const { symbol, quote } of this.corruptQuotes('snapshots', batch, now, minute)) {
      const snap = snaps[symbol] as WireOptionSnapshot & { latestQuote: NonNullable<WireOptionSnapshot['latestQuote']> };
      out[symbol] = { ...snap, latestQuote: { ...snap.latestQuote, bp: quote.bid, ap: quote.ask, t: rfc3339(quote.ts) } };
    }
    return out;
  }

  /** A replayed minute has passed: option quote faults with minutes left count one down. */
  minutePassed(): void {
    for (const p of this.#quotes) p.left -= 1;
    this.#quotes = this.#quotes.filter((x) => x.left > 0);
  }

  /** The first REST fault matching the request, counted as fired. */
  takeRest(method: string, path: string): RestFault | undefined {
    const p = this.#rest.find((x) => x.left > 0 && (x.fault.method === undefined || x.fault.method === method) && (x.fault.path === undefined || x.fault.path === path));
    if (p === undefined) return undefined;
    p.left -= 1;
    this.#rest = this.#rest.filter((x) => x.left > 0);
    return p.fault;
  }

  /** The bar faults for the minute being sent, each counted as fired. */
  takeBars(): Set<BarFault['kind']> {
    const kinds = new Set<BarFault['kind']>();
    for (const p of this.#bars) {
      if (kinds.has(p.fault.kind)) continue;
      kinds.add(p.fault.kind);
      p.left -= 1;
    }
    this.#bars = this.#bars.filter((x) => x.left > 0);
    return kinds;
  }

  clear(): void {
    this.#rest = [];
    this.#bars = [];
    this.#quotes = [];
  }

  /** What is still pending (for GET /_standin/state). */
  pending(): Array<RestFault | BarFault | OptionQuoteFault> {
    const quotes = this.#quotes.map((p) => (Number.isFinite(p.left) ? { ...p.fault, minutes: p.left } : p.fault));
    return [...[...this.#rest, ...this.#bars].map((p) => ({ ...p.fault, times: p.left })), ...quotes];
  }
}
