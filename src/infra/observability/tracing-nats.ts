/**
 * Trace context across a NATS hop: the W3C `traceparent` in the message headers, and
 * OpenTelemetry's messaging attributes (messaging.system=nats). No OpenTelemetry import: the NATS
 * code stays as light as it was with tracing off.
 */
import { headers, type MsgHdrs } from '@nats-io/transport-node';
import type { TraceContext } from '../../actors/messages.js';
import type { SpanAttributes } from '../../actors/ports/tracing.js';

export const TRACEPARENT_HEADER = 'traceparent';

/** OpenTelemetry's messaging attributes for a NATS (JetStream) message. */
export function natsAttributes(subject: string, operation: 'send' | 'process', messageId: string | undefined): SpanAttributes {
  return {
    'messaging.system': 'nats',
    'messaging.destination.name': subject,
    'messaging.operation.type': operation,
    'messaging.operation.name': operation,
    'messaging.message.id': messageId,
  };
}

/** Headers carrying `trace` (undefined when there is none). */
export function traceHeaders(trace: TraceContext | undefined): MsgHdrs | undefined {
  if (trace?.traceparent === undefined) return undefined;
  const h = headers();
  h.set(TRACEPARENT_HEADER, trace.traceparent);
  return h;
}

/** The trace context a message's headers carry. */
export function traceOf(h: MsgHdrs | undefined): TraceContext | undefined {
  const traceparent = h?.get(TRACEPARENT_HEADER);
  return traceparent ? { traceparent } : undefined;
}
