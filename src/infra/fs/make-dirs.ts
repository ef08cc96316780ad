import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * `mkdir -p`, one level at a time. Node 20's own recursive mkdir (sync, callback and promise alike)
 * spins forever at full CPU on a path whose parent exists but takes no children (`/proc/x`: ENOENT
 * for the child, EEXIST for the parent, again and again); made a level at a time, such a path fails
 * at once with the system's error (ENOENT, EACCES, ENOTDIR under a file). A `dir` that exists,
 * as a file too, is left as it is: the caller checks what it found.
 */
export function makeDirs(dir: string): void {
  const missing: string[] = [];
  for (let d = resolve(dir); !existsSync(d); d = dirname(d)) {
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
