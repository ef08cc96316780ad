import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * `mkdir -p`, one level at a time. Node 20's own recursive mkdir (sync, callback and promise alike)
 * spins forever at full CPU on a path whose parent exists but takes no children (`/proc/x`: ENOENT
 * for the child, EEXIST for the parent, again and again); made a level at a time, such a path fails
 * at once with the system's error (ENOENT, EACCES, ENOTDIR under a file, EEXIST for a file or a
 * device where the folder should be).
 */
export function makeDirs(dir: string): void {
  const target = resolve(dir);
  // Something that is not a folder: mkdir says so (EEXIST), as `mkdir -p` would.
  if (existsSync(target) && !isDir(target)) mkdirSync(target);
  const missing: string[] = [];
  for (let d = target; !existsSync(d); d = dirname(d)) {
    missing.push(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (e) {
      // Made meanwhile by another process: as good as made here.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !isDir(d)) throw e;
    }
  }
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
