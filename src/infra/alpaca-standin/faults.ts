import { z } from 'zod';

/**
 * Faults the stand-in injects on request (POST /_standin/faults, the control API in control.ts). REST faults match requests by method and path (either omitted:
 * any) and answer the next `times` of them; the control API itself is never faulted.
 *
 *   {kind:"status", status:429|500|502|503|504|…, times?, method?, path?, retryAfter?}
 *       answer with that status and Alpaca's error body for it (429 with Retry-After when given)
 *   {kind:"delay", ms, times?, method?, path?}    hold the answer ms, then handle the request
 *   {kind:"reset", times?, method?, path?}        destroy the connection instead of answering
 *   {kind:"drop", stream?: "trading"|"market"|"all"}  cut the WebSocket connections now (no close handshake)
 *   {kind:"duplicate-bar", times?}                the next `times` minutes' bars are sent twice
 *   {kind:"out-of-order-bar", times?}             after the next `times` minutes' bars, the minute before is sent again
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
  z.strictObject({ kind: z.literal('duplicate-bar'), times: z.number().int().min(1).default(1) }),
  z.strictObject({ kind: z.literal('out-of-order-bar'), times: z.number().int().min(1).default(1) }),
]);
export type Fault = z.output<typeof faultSchema>;
export type FaultInput = z.input<typeof faultSchema>;
export type RestFault = Extract<Fault, { kind: 'status' | 'delay' | 'reset' }>;
export type BarFault = Extract<Fault, { kind: 'duplicate-bar' | 'out-of-order-bar' }>;

/** Parses one fault or a list; throws a ZodError naming each bad field. */
export function parseFaults(raw: unknown): Fault[] {
  return (Array.isArray(raw) ? z.array(faultSchema) : faultSchema.transform((f) => [f])).parse(raw);
}

interface Pending<F> {
  readonly fault: F;
  left: number;
}

/** The faults still to fire, oldest first. */
export class FaultQueue {
  #rest: Pending<RestFault>[] = [];
  #bars: Pending<BarFault>[] = [];

  add(fault: RestFault | BarFault): void {
    if (fault.kind === 'duplicate-bar' || fault.kind === 'out-of-order-bar') this.#bars.push({ fault, left: fault.times });
    else this.#rest.push({ fault, left: fault.times });
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
  }

  /** What is still pending (for GET /_standin/state). */
  pending(): Array<RestFault | BarFault> {
    return [...this.#rest, ...this.#bars].map((p) => ({ ...p.fault, times: p.left }));
  }
}
