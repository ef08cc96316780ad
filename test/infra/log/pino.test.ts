import { describe, expect, it } from 'vitest';
import { heldSecrets, serviceLogger, traceIds } from '../../../src/infra/log/pino.js';
import { maskUrlCredentials } from '../../../src/infra/log/redact.js';

function captured(secrets: readonly string[] = []) {
  const lines: string[] = [];
  const log = serviceLogger('test', 'info', { secrets, destination: { write: (l: string) => void lines.push(l) } });
  return { log, lines, entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const TP = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

describe('service logs', () => {
  it('carry trace_id and span_id when bound to a trace; none for a missing or invalid traceparent', () => {
    const { log, entries } = captured();
    log.withTrace({ traceparent: TP }).warn({ a: 1 }, 'traced');
    log.withTrace({ traceparent: TP }).withTrace?.({ traceparent: '00-11111111111111111111111111111111-2222222222222222-01' }).info({}, 'rebound');
    log.withTrace({ traceparent: 'not-a-traceparent' }).info({}, 'junk');
    log.withTrace({ traceparent: '00-00000000000000000000000000000000-b7ad6b7169203331-01' }).info({}, 'zero');
    log.info({}, 'plain');
    expect(entries().map((e) => [e.msg, e.trace_id, e.span_id, e.a])).toEqual([
      ['traced', '0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331', 1],
      ['rebound', '11111111111111111111111111111111', '2222222222222222', undefined],
      ['junk', undefined, undefined, undefined],
      ['zero', undefined, undefined, undefined],
      ['plain', undefined, undefined, undefined],
    ]);
    expect(traceIds(undefined)).toBeUndefined();
  });

  it('redact secret keys (Alpaca headers, NATS and database credentials) at the top, one level down and in headers', () => {
    const { log, lines } = captured();
    log.info(
      {
        'APCA-API-KEY-ID': 'k1',
        'APCA-API-SECRET-KEY': 'k2',
        headers: { 'APCA-API-KEY-ID': 'k3', 'apca-api-secret-key': 'k4', authorization: 'Bearer k5', Authorization: 'Basic k6' },
        nats: { user: 'thetis', pass: 'k7', password: 'k8', token: 'k9', nkeySeed: 'SUk10' },
        database: { password: 'k11' },
        secret: 'k12',
        keyId: 'k13',
      },
      'settings',
    );
    const line = lines.join('');
    for (let i = 1; i <= 13; i++) expect(line).not.toMatch(new RegExp(`k${i}\\b`));
    expect(line).toContain('"user":"thetis"');
  });

  it("mask a URL's password (or lone token) in any field or message, and the secret values given, as given, JSON-escaped or URL-encoded", () => {
    const secret = 'p@ss"w/rd:42';
    const { log, lines } = captured([secret, 'PKKEYVALUE1']);
    log.error(
      { url: 'postgres://thetis:hunter2@db:5432/trading', nats: 'nats://s3cr3ttoken@nats:4222', deep: { list: [`echo ${secret}`], encoded: `x=${encodeURIComponent(secret)}` }, key: 'PKKEYVALUE1' },
      'connect to postgresql://thetis:hunter2@db/trading failed',
    );
    const line = lines.join('');
    for (const leaked of ['hunter2', 's3cr3ttoken', 'PKKEYVALUE1', 'w/rd', encodeURIComponent(secret)]) expect(line).not.toContain(leaked);
    const e = JSON.parse(line) as Record<string, unknown>;
    expect(e.url).toBe('postgres://thetis:[redacted]@db:5432/trading');
    expect(e.nats).toBe('nats://[redacted]@nats:4222');
    expect(e.msg).toBe('connect to postgresql://thetis:[redacted]@db/trading failed');
  });

  it('mask URL credentials only: plain URLs, ports and e-mail-like text stay', () => {
    expect(maskUrlCredentials('nats://127.0.0.1:4222, nats://b:4223')).toBe('nats://127.0.0.1:4222, nats://b:4223');
    expect(maskUrlCredentials('http://127.0.0.1:9464/metrics ops@example.com')).toBe('http://127.0.0.1:9464/metrics ops@example.com');
    expect(maskUrlCredentials('a postgresql://u:[redacted]@h/db b')).toBe('a postgresql://u:[redacted]@h/db b');
  });

  it('finds the secrets settings hold', () => {
    expect(heldSecrets({ keyId: 'a', secret: 'b' }, { url: 'nats://x', user: 'u', password: 'c', token: undefined, nkeySeed: 'd' }, { dialect: 'sqlite', path: 'x' }, undefined)).toEqual(['a', 'b', 'c', 'd']);
  });
});
