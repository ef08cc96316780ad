/** What the Alpaca adapter has seen, for metrics and tests. Every field only grows. */
export interface AlpacaBrokerCounters {
  /** submit() calls. */
  submits: number;
  /** POST /v2/orders answered 2xx. */
  placed: number;
  /** submit() answers that were a rejected Execution (403, 422, 400, 401, an untranslatable intent). */
  rejected: number;
  /** 422 "client_order_id must be unique": the existing order adopted. */
  duplicatesAdopted: number;
  /** 429 answers met by our own retry loop (POST and DELETE; the SDK retries GETs itself). */
  rateLimited: number;
  /** POSTs whose outcome was unknown (5xx, 408, timeout, network error, unreadable 2xx). */
  ambiguousSubmits: number;
  /** …of which a look-up by client order id found the order. */
  ambiguousResolved: number;
  /** Executions passed to the onExecution handlers (stream events and reconciliation). */
  executionsEmitted: number;
  /** Known events that change nothing for us (pending_cancel, done_for_day, …): logged at debug. */
  eventsNoted: number;
  /** trade_bust / trade_correct: logged as errors, positions need reconciling. */
  tradeAdjustments: number;
  /** Event names Alpaca did not document: logged, never a crash. */
  unknownEvents: number;
  /** Stream frames that could not be decoded or read (bad JSON, a missing field, a fill without a price). */
  malformedFrames: number;
  /** REST answers that could not be read. */
  malformedResponses: number;
  /** onExecution handlers that threw (caught and logged). */
  handlerErrors: number;
  /** Errors the stream reported (socket errors, error frames, a refused authorization). */
  streamErrors: number;
  /** Times the stream closed while the adapter was open. */
  streamDisconnects: number;
  /** Times the SDK re-established the stream after a drop. */
  reconnects: number;
  /** Reconciliation runs (one after every trade_updates subscription, first connect included). */
  reconciliations: number;
  /** Orders whose current state a reconciliation emitted. */
  reconciledOrders: number;
  /** Look-ups during reconciliation that failed (the order stays on the working list). */
  reconcileFailures: number;
  /** trade_updates events received, by event name (unknown names included). */
  events: Record<string, number>;
}

export function newCounters(): AlpacaBrokerCounters {
  return {
    submits: 0,
    placed: 0,
    rejected: 0,
    duplicatesAdopted: 0,
    rateLimited: 0,
    ambiguousSubmits: 0,
    ambiguousResolved: 0,
    executionsEmitted: 0,
    eventsNoted: 0,
    tradeAdjustments: 0,
    unknownEvents: 0,
    malformedFrames: 0,
    malformedResponses: 0,
    handlerErrors: 0,
    streamErrors: 0,
    streamDisconnects: 0,
    reconnects: 0,
    reconciliations: 0,
    reconciledOrders: 0,
    reconcileFailures: 0,
    events: {},
  };
}
