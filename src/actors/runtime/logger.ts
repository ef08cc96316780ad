/** A trace context as messages carry it (a W3C traceparent); the runtime's view of the actors' TraceContext. */
export interface LogTrace {
  readonly traceparent?: string;
}

/** The logging port: pino's Logger satisfies it. Never pass message bodies (they may hold secrets). */
export interface Logger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
  /**
   * This logger with the lines it writes carrying `trace`'s ids (`trace_id`, `span_id`): what a
   * line written while handling something traced is logged with. Optional: a logger without it
   * (silent, a test's) writes no ids. Cheap: nothing is parsed until a line is written.
   */
  withTrace?(trace: LogTrace): Logger;
}

const nothing = (): void => undefined;

/** The default: logs nothing. */
export const silentLogger: Logger = { info: nothing, warn: nothing, error: nothing };

/** `log` bound to `trace` when there is one and `log` can bind it; else `log` itself (nothing allocated). */
export function logWithTrace(log: Logger, trace: LogTrace | undefined): Logger {
  return trace?.traceparent === undefined || log.withTrace === undefined ? log : log.withTrace(trace);
}

/** A message's `trace` field, when it is an object that has one. */
export function traceOfMessage(msg: unknown): LogTrace | undefined {
  if (typeof msg !== 'object' || msg === null || !('trace' in msg)) return undefined;
  const trace = msg.trace;
  return typeof trace === 'object' && trace !== null ? (trace as LogTrace) : undefined;
}

/** What we may log about a message: its `type` when it has a string one, else its JS type. */
export function messageType(msg: unknown): string {
  if (typeof msg === 'object' && msg !== null && 'type' in msg && typeof msg.type === 'string') return msg.type;
  return typeof msg;
}

/** An error reduced to name and message (no attached data). */
export function describeError(error: unknown): { name: string; message: string } {
  return error instanceof Error ? { name: error.name, message: error.message } : { name: typeof error, message: '' };
}
