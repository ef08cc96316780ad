/** The logging port: pino's Logger satisfies it. Never pass message bodies (they may hold secrets). */
export interface Logger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const nothing = (): void => undefined;

/** The default: logs nothing. */
export const silentLogger: Logger = { info: nothing, warn: nothing, error: nothing };

/** What we may log about a message: its `type` when it has a string one, else its JS type. */
export function messageType(msg: unknown): string {
  if (typeof msg === 'object' && msg !== null && 'type' in msg && typeof msg.type === 'string') return msg.type;
  return typeof msg;
}

/** An error reduced to name and message (no attached data). */
export function describeError(error: unknown): { name: string; message: string } {
  return error instanceof Error ? { name: error.name, message: error.message } : { name: typeof error, message: '' };
}
