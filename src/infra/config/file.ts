import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig, type Config } from '../../domain/config/load.js';

/** A config file that cannot be read (missing, a directory, no permission): one line, a user error. */
export class ConfigFileError extends Error {
  override readonly name = 'ConfigFileError';
}

/** The short reason of a file-system error ("no such file or directory"), without errno, syscall and path. */
function fsReason(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  return /^E[A-Z]+: ([^,]+)/.exec(e.message)?.[1] ?? e.message;
}

/**
 * The engine's config: the JSON file at `path` validated over the seed's defaults, or the
 * defaults alone without a path. Errors name the file and every bad key; nothing is half-applied.
 * An unreadable file is a ConfigFileError, bad JSON or a bad key a ConfigError.
 */
export function loadConfigFile(path?: string): Config {
  if (path === undefined) return loadConfig({});
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigFileError(`cannot read the config file ${path}: ${fsReason(e)}`, { cause: e });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigError([`${path}: not valid JSON (${e instanceof Error ? e.message : String(e)})`]);
  }
  try {
    return loadConfig(raw);
  } catch (e) {
    if (e instanceof ConfigError) throw new ConfigError(e.problems.map((p) => `${path}: ${p}`));
    throw e;
  }
}
