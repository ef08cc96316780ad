import type { Logger } from '../../actors/runtime/logger.js';
import { DEFAULT_HEARTBEAT, heartbeatOptions, type Heartbeat } from './heartbeat.js';

/** The Logger port, plus pino's `debug` when the logger has it (events that change nothing go there). */
export type AlpacaLogger = Logger & { debug?(obj: object, msg: string): void };

export interface AlpacaBrokerOptions {
  /** APCA-API-KEY-ID. Never logged, never in an error message. */
  readonly keyId: string;
  /** APCA-API-SECRET-KEY. Never logged, never in an error message. */
  readonly secret: string;
  /** Paper trading (default true): Alpaca's paper hosts, name 'alpaca-paper'; false: live, 'alpaca-live'. */
  readonly paper?: boolean;
  /** Points every REST call at another host (e.g. a local stand-in), e.g. 'http://127.0.0.1:8080'. */
  readonly restUrl?: string;
  /** The trading stream's ws(s) URL, e.g. 'ws://127.0.0.1:8080/stream'. */
  readonly streamUrl?: string;
  readonly logger?: AlpacaLogger;
  /** Retries of a POST or DELETE answered 429 before BrokerUnavailableError (default 5). */
  readonly maxRateLimitRetries?: number;
  /** First wait after a 429 without Retry-After, doubling per retry; also the SDK's GET retry base (default 500 ms). */
  readonly backoffBaseMs?: number;
  /** Longest single wait, Retry-After included (default 30 s). */
  readonly maxBackoffMs?: number;
  /** Per-request timeout (default 30 s, the SDK's). A POST that times out is looked up, never re-sent. */
  readonly requestTimeoutMs?: number;
  /** Retries the SDK makes on a GET (429, 408, 425, 5xx, network), default 2 (the SDK facade's). */
  readonly getRetries?: number;
  /** First stream reconnect delay (default 1 s, the SDK's), doubling per attempt. */
  readonly streamReconnectInitialMs?: number;
  /** Longest stream reconnect delay (default 30 s). */
  readonly streamReconnectMaxMs?: number;
  /** How a silent trading stream is noticed and replaced (default DEFAULT_HEARTBEAT). */
  readonly streamHeartbeat?: Heartbeat;
  /** The clock for an Execution's ts when Alpaca gives no timestamp (default Date.now). */
  readonly now?: () => number;
}

export interface ResolvedOptions {
  readonly keyId: string;
  readonly secret: string;
  readonly paper: boolean;
  readonly restUrl?: string;
  readonly streamUrl?: string;
  readonly maxRateLimitRetries: number;
  readonly backoffBaseMs: number;
  readonly maxBackoffMs: number;
  readonly requestTimeoutMs: number;
  readonly getRetries: number;
  readonly streamReconnectInitialMs: number;
  readonly streamReconnectMaxMs: number;
  readonly streamHeartbeat: Heartbeat;
}

function wholeAtLeast(value: number | undefined, fallback: number, min: number, name: string): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min) throw new RangeError(`AlpacaBroker option ${name} must be a whole number ≥ ${min}`);
  return v;
}

function url(value: string | undefined, protocols: readonly string[], name: string): string | undefined {
  if (value === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new RangeError(`AlpacaBroker option ${name} is not a URL`);
  }
  if (!protocols.includes(parsed.protocol)) throw new RangeError(`AlpacaBroker option ${name} must use ${protocols.join(' or ')}`);
  return value;
}

/** Options with defaults filled in; throws RangeError (naming the option, never its value) when one is unusable. */
export function resolveOptions(options: AlpacaBrokerOptions): ResolvedOptions {
  if (typeof options.keyId !== 'string' || options.keyId.length === 0) throw new RangeError('AlpacaBroker needs a keyId');
  if (typeof options.secret !== 'string' || options.secret.length === 0) throw new RangeError('AlpacaBroker needs a secret');
  const restUrl = url(options.restUrl, ['http:', 'https:'], 'restUrl');
  const streamUrl = url(options.streamUrl, ['ws:', 'wss:'], 'streamUrl');
  return {
    keyId: options.keyId,
    secret: options.secret,
    paper: options.paper ?? true,
    ...(restUrl === undefined ? {} : { restUrl }),
    ...(streamUrl === undefined ? {} : { streamUrl }),
    maxRateLimitRetries: wholeAtLeast(options.maxRateLimitRetries, 5, 0, 'maxRateLimitRetries'),
    backoffBaseMs: wholeAtLeast(options.backoffBaseMs, 500, 0, 'backoffBaseMs'),
    maxBackoffMs: wholeAtLeast(options.maxBackoffMs, 30_000, 0, 'maxBackoffMs'),
    requestTimeoutMs: wholeAtLeast(options.requestTimeoutMs, 30_000, 1, 'requestTimeoutMs'),
    getRetries: wholeAtLeast(options.getRetries, 2, 0, 'getRetries'),
    streamReconnectInitialMs: wholeAtLeast(options.streamReconnectInitialMs, 1_000, 1, 'streamReconnectInitialMs'),
    streamReconnectMaxMs: wholeAtLeast(options.streamReconnectMaxMs, 30_000, 1, 'streamReconnectMaxMs'),
    streamHeartbeat: checkedHeartbeat(options.streamHeartbeat ?? DEFAULT_HEARTBEAT),
  };
}

function checkedHeartbeat(h: Heartbeat): Heartbeat {
  heartbeatOptions(h); // throws a RangeError naming what is wrong
  return h;
}
