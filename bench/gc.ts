import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// Heap figures are read after a full collection, so they show what is retained, not GC timing.
// --expose-gc set at runtime takes effect for contexts created afterwards.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Runs a full garbage collection and returns heapUsed in MiB. */
export function heapAfterGcMb(): number {
  gc();
  return heapMb();
}

export function heapMb(): number {
  return process.memoryUsage().heapUsed / 2 ** 20;
}
