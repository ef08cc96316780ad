import type { Execution } from '../../domain/values/execution.js';
import type { AlpacaBrokerCounters } from './counters.js';
import type { KnownOrders } from './known-orders.js';
import { AlpacaTranslateError } from './translate/errors.js';
import { tradeUpdateOutcome, type TradeUpdateOutcome } from './translate/execution.js';
import { alpacaTradeUpdateSchema } from './wire/stream.js';

type Level = 'debug' | 'info' | 'warn' | 'error';

export interface TradeEventDeps {
  readonly counters: AlpacaBrokerCounters;
  readonly known: KnownOrders;
  readonly now: () => number;
  readonly log: (level: Level, obj: Readonly<Record<string, unknown>>, msg: string) => void;
  readonly emit: (execution: Execution) => void;
  /** Masks the keys in text from the wire (an event name becomes a counter key). */
  readonly redact: (text: string) => string;
  /** An event about one leg of an mleg order: look its parent up (the working orders are reconciled). */
  readonly legEvent: () => void;
}

/**
 * Turns trade_updates events into Executions. Every event name in ALPACA_TRADE_EVENTS is handled:
 * order moves are emitted; events that change nothing are counted and logged at debug; fill
 * busts and corrections are counted and logged as errors (positions need reconciling); an event
 * about one leg of an mleg order is noted and has the working orders (its parent among them)
 * looked up; unknown names and unreadable frames are counted and logged. Nothing here throws.
 */
export class TradeEventHandler {
  readonly #deps: TradeEventDeps;

  constructor(deps: TradeEventDeps) {
    this.#deps = deps;
  }

  update(data: Record<string, unknown>): void {
    const { counters, log } = this.#deps;
    const eventName = typeof data.event === 'string' && data.event.length > 0 ? this.#deps.redact(data.event.slice(0, 64)) : '(none)';
    counters.events[eventName] = (counters.events[eventName] ?? 0) + 1;
    const parsed = alpacaTradeUpdateSchema.safeParse(data);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      this.malformed(`trade update ${eventName}: ${problems}`);
      return;
    }
    const update = parsed.data;
    const clientOrderId = update.order.client_order_id;
    let outcome: TradeUpdateOutcome;
    try {
      const { known } = this.#deps;
      outcome = tradeUpdateOutcome(update, known.correlationId(clientOrderId), this.#deps.now(), known.progress(clientOrderId));
    } catch (error) {
      if (!(error instanceof AlpacaTranslateError)) throw error;
      this.malformed(`trade update ${eventName} for ${clientOrderId}: ${error.message}`);
      return;
    }
    switch (outcome.kind) {
      case 'execution':
        this.#deps.emit(outcome.execution);
        return;
      case 'noted':
        counters.eventsNoted += 1;
        log('debug', { event: outcome.event, clientOrderId, orderStatus: update.order.status }, 'alpaca: trade update noted (no change for us)');
        return;
      case 'trade_adjusted':
        counters.tradeAdjustments += 1;
        log(
          'error',
          { event: outcome.event, clientOrderId, symbol: update.order.symbol, qty: update.qty ?? undefined, price: update.price ?? undefined, filledQty: update.order.filled_qty },
          'alpaca: a fill was busted or corrected; positions must be reconciled with Alpaca',
        );
        return;
      case 'mleg_leg':
        counters.eventsNoted += 1;
        log('debug', { event: outcome.event, legClientOrderId: clientOrderId, symbol: update.order.symbol }, 'alpaca: mleg leg event; its parent order is looked up');
        this.#deps.legEvent();
        return;
      case 'unknown_event':
        counters.unknownEvents += 1;
        log('warn', { event: outcome.event, clientOrderId }, 'alpaca: unknown trade update event ignored');
        return;
      default: {
        const unreachable: never = outcome;
        log('error', { outcome: JSON.stringify(unreachable) }, 'alpaca: unhandled trade update outcome');
      }
    }
  }

  malformed(detail: string): void {
    this.#deps.counters.malformedFrames += 1;
    this.#deps.log('warn', { detail: detail.slice(0, 500) }, 'alpaca: malformed trading stream frame ignored');
  }
}
