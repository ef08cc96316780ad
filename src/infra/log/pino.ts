import { pino, type DestinationStream, type Logger as Pino } from 'pino';
import type { Logger, LogTrace } from '../../actors/runtime/logger.js';
import { maskUrlCredentials, MASK, Redactor } from './redact.js';

/** Keys whose values never reach a log line, at the top of a log object, one level down, and in `headers`. */
const SECRET_KEYS = [
  'keyId',
  'secret',
  'secretKey',
  'apiKey',
  'password',
  'pass',
  'token',
  'nkeySeed',
  'seed',
  'authorization',
  'Authorization',
  'cookie',
  '["APCA-API-KEY-ID"]',
  '["APCA-API-SECRET-KEY"]',
  '["apca-api-key-id"]',
  '["apca-api-secret-key"]',
];
const REDACT_PATHS = [...SECRET_KEYS, ...SECRET_KEYS.map((k) => (k.startsWith('[') ? `*${k}` : `*.${k}`)), 'headers.*', '*.headers.*'];

export interface ServiceLoggerOptions {
  /** Secret values masked wherever they appear in a line (message, any field, any depth): the Alpaca keys, the NATS and database passwords. */
  readonly secrets?: readonly (string | undefined)[];
  /** Where the lines go (default stdout). */
  readonly destination?: DestinationStream;
}

/** The port's Logger, with `withTrace`: what services log through. */
export type ServiceLogger = Pino & Required<Pick<Logger, 'withTrace'>>;

/**
 * JSON logs for the services (executor, engine): pino on stdout. Callers never log secrets; as a
 * second line of defence, every line is cleaned before it is written: the values of secret keys
 * (pino's `redact`), the credentials of any URL, and the secret values given in `secrets`.
 * `withTrace(trace)` gives a logger whose lines carry `trace_id` and `span_id`.
 */
export function serviceLogger(name: string, level = process.env.LOG_LEVEL ?? 'info', o: ServiceLoggerOptions = {}): ServiceLogger {
  const redactor = Redactor.forLogs(o.secrets ?? []);
  const out = o.destination ?? pino.destination(1);
  const clean: DestinationStream = {
    write: (line: string) => {
      out.write(redactor.empty ? maskUrlCredentials(line) : redactor.text(maskUrlCredentials(line)));
    },
  };
  const base = pino({ name, level, redact: { paths: REDACT_PATHS, censor: MASK } }, clean);
  return Object.assign(base, { withTrace: (trace: LogTrace): Logger => new TracedLogger(base, trace) });
}

const HELD = ['keyId', 'secret', 'password', 'token', 'nkeySeed'] as const;

/** The secret values settings hold (Alpaca keys, NATS password, token or nkey seed, a database password), for `secrets`. */
export function heldSecrets(...settings: readonly (object | undefined)[]): string[] {
  const out: string[] = [];
  for (const s of settings) {
    if (s === undefined) continue;
    for (const k of HELD) {
      const v = (s as Record<string, unknown>)[k];
      if (typeof v === 'string' && v.length > 0) out.push(v);
    }
  }
  return out;
}

/** W3C traceparent: version-trace_id-parent_id-flags. */
const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;

/** The ids a log line carries for `traceparent`; undefined when it is not a valid one. */
export function traceIds(traceparent: string | undefined): { trace_id: string; span_id: string } | undefined {
  const m = traceparent === undefined ? null : TRACEPARENT.exec(traceparent);
  if (m === null || /^0+$/.test(m[1] as string) || /^0+$/.test(m[2] as string)) return undefined;
  return { trace_id: m[1] as string, span_id: m[2] as string };
}

/** A logger bound to a trace: the pino child (with the ids) is made at its first line, so a handler that logs nothing costs one small object. */
class TracedLogger implements Logger {
  #child: Pino | undefined;

  constructor(
    private readonly base: Pino,
    private readonly trace: LogTrace,
  ) {}

  private get log(): Pino {
    if (this.#child === undefined) {
      const ids = traceIds(this.trace.traceparent);
      this.#child = ids === undefined ? this.base : this.base.child(ids);
    }
    return this.#child;
  }

  info(obj: object, msg: string): void {
    this.log.info(obj, msg);
  }

  warn(obj: object, msg: string): void {
    this.log.warn(obj, msg);
  }

  error(obj: object, msg: string): void {
    this.log.error(obj, msg);
  }

  /** Bound to another trace instead (never to two). */
  withTrace(trace: LogTrace): Logger {
    return new TracedLogger(this.base, trace);
  }
}
