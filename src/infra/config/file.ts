import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig, type Config } from '../../domain/config/load.js';

/**
 * The engine's config: the JSON file at `path` validated over the seed's defaults, or the
 * defaults alone without a path. Errors name the file and every bad key; nothing is half-applied.
 */
export function loadConfigFile(path?: string): Config {
  if (path === undefined) return loadConfig({});
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ConfigError([`${path}: ${e instanceof Error ? e.message : String(e)}`]);
  }
  try {
    return loadConfig(raw);
  } catch (e) {
    if (e instanceof ConfigError) throw new ConfigError(e.problems.map((p) => `${path}: ${p}`));
    throw e;
  }
}
