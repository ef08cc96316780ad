import { createHash } from 'node:crypto';

/**
 * JSON with every object's keys sorted (by UTF-16 code unit, as JSON Canonicalization does) and no
 * whitespace: the same config gives the same text however it was built. Undefined values are left
 * out, as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v: unknown) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const o = value as Record<string, unknown>;
  const keys = Object.keys(o)
    .filter((k) => o[k] !== undefined && typeof o[k] !== 'function')
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

/** sha256 (hex) of the canonical resolved config: what tells two runs' configs apart. */
export function configDigest(config: unknown): string {
  return createHash('sha256').update(canonicalJson(config)).digest('hex');
}
