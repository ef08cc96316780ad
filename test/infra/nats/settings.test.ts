import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeNats, loadNatsSettings, loadNatsSettingsFile, retryHorizonMs } from '../../../src/infra/nats/settings.js';
import { subjects, msgIds } from '../../../src/infra/nats/subjects.js';

describe('NATS settings', () => {
  it('defaults to the local server, file storage and a 15-minute duplicate window', () => {
    const s = loadNatsSettings({}, {});
    expect(s).toMatchObject({ url: 'nats://127.0.0.1:4222', namespace: 'thetis', storage: 'file', duplicateWindowMs: 900_000 });
    // 6 attempts × 2 s + backoffs 0.1 + 0.2 + 0.4 + 0.8 + 1.6 s = 15.1 s, well inside the window.
    expect(retryHorizonMs(s.publish)).toBe(15_100);
  });

  it('takes the environment over the settings object', () => {
    const s = loadNatsSettings({ url: 'nats://a:4222', namespace: 'x' }, { NATS_URL: 'nats://b:4222', NATS_TOKEN: 'tok' });
    expect(s).toMatchObject({ url: 'nats://b:4222', namespace: 'x', token: 'tok' });
  });

  it('moves credentials out of the URL (the client ignores them there) and never describes them', () => {
    const s = loadNatsSettings({}, { NATS_URL: 'nats://thetis:s3cr%40t@n1:4222,nats://n2:4222' });
    expect(s).toMatchObject({ url: 'nats://n1:4222,nats://n2:4222', user: 'thetis', password: 's3cr@t' });
    expect(JSON.stringify(describeNats(s))).not.toContain('s3cr');
    expect(describeNats(s)).toEqual({ servers: ['nats://n1:4222', 'nats://n2:4222'], auth: 'user', tls: false });
    expect(loadNatsSettings({}, { NATS_URL: 'nats://tok123@n1:4222' })).toMatchObject({ url: 'nats://n1:4222', token: 'tok123' });
  });

  it('refuses a duplicate window shorter than the retry horizon, naming the key and not the values', () => {
    expect(() => loadNatsSettings({ duplicateWindowMs: 10_000 }, {})).toThrow(/nats\.duplicateWindowMs: .*retry horizon/);
    expect(() => loadNatsSettings({ storage: 'disk' as 'file' }, {})).toThrow(/nats\.storage/);
    expect(() => loadNatsSettings({}, { NATS_PASSWORD: 'pw-canary', NATS_NAMESPACE: 'Bad Name!' })).not.toThrow(/pw-canary/);
  });
});

describe('NATS settings files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'thetis-nats-settings-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('reads a JSON file under the environment', () => {
    const path = file('ok.json', JSON.stringify({ url: 'nats://file:4222', namespace: 'prod', publish: { attempts: 3 } }));
    expect(loadNatsSettingsFile(path, {})).toMatchObject({ url: 'nats://file:4222', namespace: 'prod', publish: { attempts: 3, timeoutMs: 2_000 } });
    expect(loadNatsSettingsFile(path, { NATS_URL: 'nats://env:4222' }).url).toBe('nats://env:4222');
  });

  it('names the file and the bad key', () => {
    expect(() => loadNatsSettingsFile(file('bad.json', '{"storag": "file"}'), {})).toThrow(/bad\.json: invalid NATS settings: nats\.: Unrecognized key/);
    expect(() => loadNatsSettingsFile(file('broken.json', '{'), {})).toThrow(/broken\.json: /);
    expect(() => loadNatsSettingsFile(file('list.json', '[]'), {})).toThrow(/list\.json: NATS settings must be a JSON object/);
  });
});

describe('subjects', () => {
  it('builds every subject, stream and msg id in one namespace', () => {
    const s = subjects('thetis');
    expect([s.ordersStream, s.executionsStream, s.orders, s.executions]).toEqual(['THETIS_ORDERS', 'THETIS_EXECUTIONS', 'thetis.orders.>', 'thetis.executions.>']);
    expect([s.submit('SPY'), s.cancel('BRK.B'), s.execution('SPY')]).toEqual(['thetis.orders.submit.SPY', 'thetis.orders.cancel.BRK_B', 'thetis.executions.SPY']);
    expect(msgIds.submit('th-SPY-1-open')).toBe('th-SPY-1-open');
    expect(msgIds.cancel('th-SPY-1-open')).toBe('th-SPY-1-open:cancel');
    expect(msgIds.execution({ clientOrderId: 'th-SPY-1-open', status: 'partially_filled', cumQty: 2 })).toBe('th-SPY-1-open:partially_filled:2');
    expect(() => subjects('Bad.NS')).toThrow(/namespace/);
  });
});
