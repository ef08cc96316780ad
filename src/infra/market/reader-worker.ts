/**
 * The market reader's worker thread: gunzips and parses the bars files and cuts them into
 * packed windows, off the engine's thread. Each 'next' message is answered, in order, with one
 * message: a window (its buffers transferred), 'done', or the error that stopped the read.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ReaderJob, ReaderReply } from './reader-protocol.js';
import { serializeReadError } from './reader-protocol.js';
import { packedWindows } from './window-reader.js';

const port = parentPort;
if (port === null) throw new Error('reader-worker runs only as a worker thread');
const job = (workerData as { data: ReaderJob }).data;
const windows = packedWindows(job.dir, job.tickers, job.minutes);
let queue = Promise.resolve();
let finished = false;

async function answer(): Promise<void> {
  if (finished) return;
  let reply: ReaderReply;
  try {
    const next = await windows.next();
    reply = next.done === true ? { type: 'done' } : { type: 'window', window: next.value };
  } catch (e) {
    reply = { type: 'error', error: serializeReadError(e) };
  }
  finished = reply.type !== 'window';
  if (reply.type === 'window') {
    const w = reply.window;
    port?.postMessage(reply, [w.columns.buffer, w.times.buffer, w.tickers.buffer, w.start.buffer] as ArrayBuffer[]);
  } else port?.postMessage(reply);
}

port.on('message', () => {
  queue = queue.then(answer);
});
