import { describe, expect, it } from 'vitest';
import { compose, composeText, interpolate, service } from './compose-file.js';

// No Docker engine runs here: the compose file is checked by reading it (services.test.ts runs its commands).
const THETIS = ['engine', 'executor', 'alpaca-standin', 'engine-demo', 'executor-demo'];
const ALL = ['nats', 'postgres', 'jaeger', ...THETIS];

describe('docker-compose.yml', () => {
  it('runs NATS with JetStream, PostgreSQL, Jaeger, and the Thetis services', () => {
    expect(Object.keys(compose.services).sort()).toEqual([...ALL].sort());
    expect(service('nats').command).toContain('-js');
    expect(service('postgres').image).toMatch(/^postgres:15/);
    expect(service('jaeger').ports).toEqual(expect.arrayContaining(['16686:16686', '4317:4317', '4318:4318']));
  });

  it.each(ALL)('%s has a health check and a restart policy', (name) => {
    const s = service(name);
    expect(s.healthcheck?.test).toBeDefined();
    expect(s.restart).toBe('unless-stopped');
  });

  it.each(THETIS)('%s runs the thetis image (built from the Dockerfile) with a thetis command', (name) => {
    const s = service(name);
    expect(s.image).toBe('thetis:local');
    if (!name.endsWith('-demo')) expect(s.build).toBe('.');
    expect(['paper', 'executor', 'alpaca-standin']).toContain(s.command?.[0]);
  });

  it('the engine runs thetis paper with the executor apart, the executor thetis executor', () => {
    for (const name of ['engine', 'engine-demo']) expect(service(name).command?.slice(0, 3)).toEqual(['paper', '--executor', 'separate']);
    for (const name of ['executor', 'executor-demo']) expect(service(name).command?.[0]).toBe('executor');
    expect(service('alpaca-standin').command?.slice(0, 3)).toEqual(['alpaca-standin', '--port', '8080']);
  });

  it.each([
    ['engine', '9464'],
    ['executor', '9465'],
    ['engine-demo', '9464'],
    ['executor-demo', '9465'],
  ])('%s is checked on /readyz at its health port %s, and sends traces to Jaeger under its own name', (name, port) => {
    const s = service(name);
    expect(s.environment?.THETIS_HEALTH_PORT).toBe(port);
    expect(s.healthcheck?.test?.join(' ')).toContain(`http://127.0.0.1:${port}/readyz`);
    expect(s.environment?.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://jaeger:4318');
    expect(s.environment?.OTEL_SERVICE_NAME).toBe(name.startsWith('engine') ? 'thetis-engine' : 'thetis-executor');
  });

  it('every Thetis service waits for what it needs to be healthy', () => {
    const healthy = (name: string) =>
      Object.entries(service(name).depends_on ?? {})
        .filter(([, d]) => d.condition === 'service_healthy')
        .map(([dep]) => dep)
        .sort();
    expect(healthy('engine')).toEqual(['executor', 'nats', 'postgres']);
    expect(healthy('executor')).toEqual(['nats']);
    expect(healthy('engine-demo')).toEqual(['alpaca-standin', 'executor-demo', 'nats', 'postgres']);
    expect(healthy('executor-demo')).toEqual(['alpaca-standin', 'nats']);
    // A depends_on names only services that have a health check.
    for (const name of THETIS) for (const dep of Object.keys(service(name).depends_on ?? {})) expect(service(dep).healthcheck?.test).toBeDefined();
  });

  it('keeps secrets out of the file: keys and passwords come from the environment', () => {
    for (const name of ['engine', 'executor']) {
      expect(service(name).environment?.APCA_API_KEY_ID).toBe('${APCA_API_KEY_ID:-}');
      expect(service(name).environment?.APCA_API_SECRET_KEY).toBe('${APCA_API_SECRET_KEY:-}');
    }
    expect(service('engine').environment?.DATABASE_URL).toBe('postgres://thetis:${POSTGRES_PASSWORD:-thetis}@postgres:5432/thetis');
    expect(service('postgres').environment?.POSTGRES_PASSWORD).toBe('${POSTGRES_PASSWORD:-thetis}');
    // No key-shaped literal (Alpaca key ids start PK/AK), no password in a URL other than by reference.
    const withoutRefs = composeText.replace(/\$\{[^}]*\}/g, '');
    expect(withoutRefs).not.toMatch(/\b[PA]K[A-Z0-9]{16,}\b/);
    expect(withoutRefs).not.toMatch(/:\/\/[^/\s:@]+:[^@\s]+@/);
    expect(withoutRefs).not.toMatch(/(SECRET|PASSWORD|TOKEN)[A-Z_]*:[ \t]*["']?[^\s$"'][^\s]*/);
  });

  it('a demo profile adds the stand-in and points an engine and executor at it, with no keys asked for', () => {
    const demo = Object.entries(compose.services).filter(([, s]) => s.profiles?.includes('demo')).map(([n]) => n);
    expect(demo.sort()).toEqual(['alpaca-standin', 'engine-demo', 'executor-demo']);
    const live = Object.entries(compose.services).filter(([, s]) => s.profiles?.includes('alpaca')).map(([n]) => n);
    expect(live.sort()).toEqual(['engine', 'executor']);
    for (const name of ['engine-demo', 'executor-demo']) {
      const s = service(name);
      // The stand-in listens on 127.0.0.1: its network namespace is shared.
      expect(s.network_mode).toBe('service:alpaca-standin');
      expect(s.command?.[s.command.indexOf('--alpaca-url') + 1]).toBe('http://127.0.0.1:8080');
      // With nothing in the environment, the stand-in's own key pair (its CLI defaults).
      expect(interpolate(s.environment?.APCA_API_KEY_ID ?? '', {})).toBe('PKSTANDIN');
      expect(interpolate(s.environment?.APCA_API_SECRET_KEY ?? '', {})).toBe('standin-secret');
      expect(s.environment?.NATS_NAMESPACE).toBe('demo');
    }
    expect(service('engine-demo').environment?.DATABASE_URL).toMatch(/\/thetis_demo$/);
    expect(service('postgres').configs).toEqual([{ source: 'demo-database', target: '/docker-entrypoint-initdb.d/10-demo-database.sql' }]);
    expect(compose.configs?.['demo-database']?.content).toContain('create database thetis_demo');
    expect(service('alpaca-standin').ports).toEqual(['9464:9464', '9465:9465']);
  });
});
