import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface Service {
  image?: string;
  command?: string[];
  healthcheck?: { test?: unknown };
  restart?: string;
  ports?: string[];
}

// No Docker engine runs here: the compose file is checked by reading it.
const compose = parse(readFileSync(join(import.meta.dirname, '../../docker-compose.yml'), 'utf8')) as { services: Record<string, Service> };

describe('docker-compose.yml', () => {
  it('runs NATS with JetStream, PostgreSQL and Jaeger', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['jaeger', 'nats', 'postgres']);
    expect(compose.services['nats']?.command).toContain('-js');
    expect(compose.services['postgres']?.image).toMatch(/^postgres:15/);
    expect(compose.services['jaeger']?.ports).toEqual(expect.arrayContaining(['16686:16686', '4317:4317', '4318:4318']));
  });

  it.each(['nats', 'postgres', 'jaeger'])('%s has a health check and a restart policy', (name) => {
    const s = compose.services[name];
    expect(s?.healthcheck?.test).toBeDefined();
    expect(s?.restart).toBe('unless-stopped');
  });
});
