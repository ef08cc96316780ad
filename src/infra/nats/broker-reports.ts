import { RequestError, TimeoutError, NoRespondersError } from '@nats-io/transport-node';
import type { BrokerReports, MassStatus, MassStatusRequest } from '../../actors/ports/broker-reports.js';
import { CodecError, decodeBrokerStatusReply, encodeMassStatusRequest, type BrokerStatusErrorCode } from './codec.js';
import type { NatsLink } from './connection.js';
import type { Subjects } from './subjects.js';

/** How long the engine waits for a mass status by default: an executor on Alpaca looks each asked order up. */
export const DEFAULT_STATUS_TIMEOUT_MS = 30_000;

/** The executor answered, but with no mass status: the code says why (a refused request, a broker that cannot say). */
export class BrokerStatusError extends Error {
  override readonly name = 'BrokerStatusError';
  constructor(
    readonly code: BrokerStatusErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** No executor answered in time (or none listens): nothing is known about the venue. */
export class NoExecutorError extends Error {
  override readonly name = 'NoExecutorError';
}

export interface NatsBrokerReportsOptions {
  readonly link: NatsLink;
  readonly subjects: Subjects;
  /** How long to wait for the executor's answer (default 30 s). */
  readonly timeoutMs?: number;
}

/**
 * BrokerReports for the engine, which holds no broker keys: it asks the executor on
 * `<ns>.broker.status` (core NATS request/reply) and checks the answer. Throws NoExecutorError
 * ("no executor answered on <subject> within N ms") when none answers, BrokerStatusError when the
 * executor could not give a status, CodecError when its answer is unreadable. Never a partial status.
 */
export class NatsBrokerReports implements BrokerReports {
  readonly #link: NatsLink;
  readonly #subject: string;
  readonly #timeoutMs: number;

  constructor(o: NatsBrokerReportsOptions) {
    const timeoutMs = o.timeoutMs ?? DEFAULT_STATUS_TIMEOUT_MS;
    if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw new RangeError('NatsBrokerReports timeoutMs must be a whole number of ms ≥ 1');
    this.#link = o.link;
    this.#subject = o.subjects.brokerStatus;
    this.#timeoutMs = timeoutMs;
  }

  async massStatus(request: MassStatusRequest): Promise<MassStatus> {
    let data: Uint8Array;
    try {
      const reply = await this.#link.nc.request(this.#subject, encodeMassStatusRequest(request), { timeout: this.#timeoutMs });
      data = reply.data;
    } catch (e) {
      if (isTimeout(e)) throw new NoExecutorError(`no executor answered on ${this.#subject} within ${this.#timeoutMs} ms`, { cause: e });
      if (isNoResponders(e)) throw new NoExecutorError(`no executor answered on ${this.#subject} within ${this.#timeoutMs} ms (none is listening)`, { cause: e });
      throw e;
    }
    let reply;
    try {
      reply = decodeBrokerStatusReply(data);
    } catch (e) {
      if (e instanceof CodecError) throw new CodecError(`the executor's answer on ${this.#subject} is unreadable: ${e.message}`);
      throw e;
    }
    if (!reply.ok) throw new BrokerStatusError(reply.error.code, `mass status refused on ${this.#subject} (${reply.error.code}): ${reply.error.message}`);
    return reply.status;
  }
}

function isTimeout(e: unknown): boolean {
  return e instanceof TimeoutError || (e instanceof Error && e.cause instanceof TimeoutError);
}

function isNoResponders(e: unknown): boolean {
  return e instanceof NoRespondersError || (e instanceof RequestError && e.isNoResponders());
}
