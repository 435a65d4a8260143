// The search worker: runs the Node search (nodeTextSearch.ts) on its own thread, so a pattern
// that backtracks for ever blocks only this thread, which the extension host then terminates.
// Bundled on its own (dist/textSearchWorker.js); searchWorkerClient.ts starts and stops it.
import { parentPort, workerData } from 'node:worker_threads';
import { describeError } from '../../common/describeError';
import { searchFilesInNode } from './nodeTextSearch';
import type { SearchWorkerData, SearchWorkerMessage } from './searchWorkerClient';

function post(message: SearchWorkerMessage): void {
  parentPort?.postMessage(message);
}

const job = workerData as SearchWorkerData;
const progress = new Int32Array(job.progress);

searchFilesInNode(job.roots, job.args, job.options, {
  matches: (batch) => post({ type: 'matches', batch }),
  phase: (now, file) => {
    // The file number first: the host reads a new number together with the phase it starts.
    Atomics.store(progress, 1, file);
    Atomics.store(progress, 0, now);
  },
}).then(
  () => post({ type: 'done' }),
  (err: unknown) => post({ type: 'error', message: describeError(err) }),
);
