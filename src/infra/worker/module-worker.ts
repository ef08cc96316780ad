import { Worker } from 'node:worker_threads';

/** Run as TypeScript (tsx: `npm start`, the tests), a worker module needs tsx registered first. */
const TSX_BOOTSTRAP = new URL('../../../bin/tsx-worker.js', import.meta.url);

/**
 * Starts a worker thread on one of this code base's modules, with `data` as its workerData
 * (`workerData.data`). A `.ts` module is loaded through bin/tsx-worker.js.
 */
export function moduleWorker(module: URL, data: unknown): Worker {
  const workerData = { module: module.href, data };
  return new Worker(module.pathname.endsWith('.ts') ? TSX_BOOTSTRAP : module, { workerData });
}

/** The module URL of a sibling of `from` (an import.meta.url), with the same extension as `from`. */
export function siblingModule(from: string, name: string): URL {
  const ext = new URL(from).pathname.match(/\.[cm]?[jt]s$/)?.[0] ?? '.js';
  return new URL(`./${name}${ext}`, from);
}
