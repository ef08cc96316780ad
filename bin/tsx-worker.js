// A worker thread's entry when the code runs as TypeScript: registers tsx (worker threads do not
// inherit the main thread's loader), then loads the worker module named in workerData.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
