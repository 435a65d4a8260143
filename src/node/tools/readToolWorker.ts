// The read tools' worker thread: the Node text search (nodeTextSearch.ts) and list_dir's walk run
// here, so a pattern that backtracks for ever, or globs and .gitignore rules built to cost as much
// as they can, block only this thread, which the extension host then terminates. Bundled on its
// own (dist/readToolWorker.js); readToolWorkerClient.ts starts and stops it.
import { parentPort, workerData } from 'node:worker_threads';
import { describeError } from '../../common/describeError';
import { listDirectory } from './listDirectory';
import { searchFilesInNode } from './nodeTextSearch';
import type { ReadToolJob, ReadToolWorkerMessage } from './readToolWorkerClient';

function post(message: ReadToolWorkerMessage): void {
  parentPort?.postMessage(message);
}

function run(job: ReadToolJob): Promise<void> {
  if (job.kind === 'list') {
    return listDirectory(job.root, job.folder, job.depth, job.options).then((listing) => post({ type: 'listing', listing }));
  }
  const progress = new Int32Array(job.progress);
  return searchFilesInNode(job.roots, job.args, job.options, {
    matches: (batch) => post({ type: 'matches', batch }),
    phase: (now, file) => {
      // The file number first: the host reads a new number together with the phase it starts.
      Atomics.store(progress, 1, file);
      Atomics.store(progress, 0, now);
    },
  }).then(() => post({ type: 'done' }));
}

run(workerData as ReadToolJob).catch((err: unknown) => post({ type: 'error', message: describeError(err) }));
