/** docker-compose.yml as compose reads it (YAML merge keys on), and `${VAR:-default}` interpolation as compose does it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export const ROOT = join(import.meta.dirname, '../..');

export interface Service {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test?: string[]; interval?: string };
  restart?: string;
  ports?: string[];
  profiles?: string[];
  depends_on?: Record<string, { condition: string }>;
  network_mode?: string;
  configs?: Array<{ source: string; target: string }>;
}

export interface ComposeFile {
  services: Record<string, Service>;
  configs?: Record<string, { content?: string }>;
}

export const composeText = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
export const compose = parse(composeText, { merge: true }) as ComposeFile;

/** `${VAR}`, `${VAR:-default}`, `${VAR-default}` with `env` (unset → the default, or empty). */
export function interpolate(value: string, env: Readonly<Record<string, string | undefined>>): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\}/g, (_all, name: string, op: string | undefined, fallback: string | undefined) => {
    const v = env[name];
    if (op === ':-') return v === undefined || v === '' ? (fallback ?? '') : v;
    if (op === '-') return v ?? fallback ?? '';
    return v ?? '';
  });
}

export function service(name: string): Service {
  const s = compose.services[name];
  if (s === undefined) throw new Error(`no service ${name} in docker-compose.yml`);
  return s;
}
