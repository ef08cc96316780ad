/** The `--out` directory: checked writable before a command's long work, and the paths under it. */
import { rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { makeDirs } from '../infra/fs/make-dirs.js';
import { fsReason, UsageError } from './errors.js';

/**
 * Makes sure `dir` is a directory this process can write files in (creating it if need be, as the
 * command would), by writing and removing a probe file; throws a UsageError
 * "cannot write to --out <dir>: <reason>" otherwise. Nothing else is left in `dir`.
 */
export function checkOutDir(dir: string): void {
  const fail = (reason: string): never => {
    throw new UsageError(`cannot write to --out ${dir}: ${reason}`);
  };
  try {
    makeDirs(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') fail('it is a file, not a directory');
    if (code === 'ENOTDIR') fail('a parent of it is a file, not a directory');
    fail(fsReason(e));
  }
  if (!statSync(dir).isDirectory()) fail('it is a file, not a directory');
  const probe = join(dir, `.thetis-write-check-${process.pid}`);
  try {
    writeFileSync(probe, '');
  } catch (e) {
    fail(fsReason(e));
  }
  rmSync(probe, { force: true });
}

/** A path a command writes: a relative `path` is under `--out`, an absolute one stands as it is. */
export function underOut(out: string, path: string): string {
  return resolve(out, path);
}
