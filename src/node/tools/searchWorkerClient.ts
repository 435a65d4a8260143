// Runs the Node search in a worker thread (textSearchWorker.ts) and stops it when it has found
// enough, when the turn is stopped, when one file keeps the pattern busy too long (a regex that
// backtracks for ever) or when the whole search runs out of time. The extension host's own
// thread only receives matches; a hostile pattern can cost a worker, never the editor.
import { Worker } from 'node:worker_threads';
import type { SearchTextArgs } from '../../common/tools/toolArguments';
import type { SearchStop, TextMatch } from '../../common/tools/toolHost';
import { SearchPhase } from './nodeTextSearch';
import type { Collector, SearchRoot } from './searchCollector';
import type { WalkOptions } from './workspaceWalk';

export interface SearchWorkerData {
  roots: readonly SearchRoot[];
  args: SearchTextArgs;
  options: { excludes?: readonly string[]; gitignore?: boolean };
  /** Int32 [phase, files begun]: what the worker is doing, readable while its thread is stuck. */
  progress: SharedArrayBuffer;
}

export type SearchWorkerMessage = { type: 'matches'; batch: TextMatch[] } | { type: 'done' } | { type: 'error'; message: string };

export interface WorkerSearchOptions {
  /** The worker's script (dist/textSearchWorker.js in the extension). */
  script: string;
  /** How long the pattern may run over one file before the search stops. */
  patternMs: number;
  /** How long the whole search may take. */
  totalMs: number;
  signal?: AbortSignal;
  /** Told about the worker as it starts (tests watch it exit). */
  onWorker?: (worker: Worker) => void;
}

/** How often the host looks at what the worker is doing. */
const WATCH_INTERVAL_MS = 100;
/** The worker reads files of up to 2 MB one at a time; this is far more than it needs. */
const WORKER_HEAP_MB = 256;

/**
 * Searches `roots` in a worker, handing matches to `collector`. Resolves with why it stopped early
 * (undefined when it finished, had enough or was cancelled); rejects when the worker fails.
 */
export function searchInWorker(roots: readonly SearchRoot[], args: SearchTextArgs, walkOptions: WalkOptions, collector: Collector, options: WorkerSearchOptions): Promise<SearchStop | undefined> {
  if (options.signal?.aborted) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const progressBuffer = new SharedArrayBuffer(8);
    const progress = new Int32Array(progressBuffer);
    const data: SearchWorkerData = { roots, args, options: { excludes: walkOptions.excludes, gitignore: walkOptions.gitignore }, progress: progressBuffer };
    const worker = new Worker(options.script, { workerData: data, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    const started = Date.now();
    let settled = false;
    let watched = { file: -1, since: started };

    const finish = (outcome: { stop?: SearchStop } | { error: Error }) => {
      if (settled) return;
      settled = true;
      clearInterval(watchdog);
      clearTimeout(deadline);
      options.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      if ('error' in outcome) reject(outcome.error);
      else resolve(outcome.stop);
    };
    const onAbort = () => finish({});
    const stopWith = (reason: SearchStop['reason']) => finish({ stop: { reason, seconds: Math.round((Date.now() - started) / 100) / 10 } });

    /** Whether the worker is still on the file it was matching at the last look (the pattern is then to blame). */
    const look = (): boolean => {
      const file = Atomics.load(progress, 0) === SearchPhase.Matching ? Atomics.load(progress, 1) : -1;
      const stuck = file >= 0 && file === watched.file;
      if (!stuck) watched = { file, since: Date.now() };
      return stuck;
    };
    const watchdog = setInterval(() => {
      if (look() && Date.now() - watched.since >= options.patternMs) stopWith('slow-pattern');
    }, Math.min(WATCH_INTERVAL_MS, Math.max(10, options.patternMs / 4)));
    const deadline = setTimeout(() => stopWith(look() ? 'slow-pattern' : 'time-limit'), options.totalMs);

    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: SearchWorkerMessage) => {
      if (settled) return;
      if (message.type === 'matches') {
        for (const match of message.batch) {
          if (!collector.add(match)) return finish({});
        }
      } else if (message.type === 'done') {
        finish({});
      } else {
        finish({ error: new Error(`the search failed: ${message.message}`) });
      }
    });
    worker.on('error', (err) => finish({ error: new Error(`the search failed: ${err.message}`) }));
    worker.on('exit', (code) => finish({ error: new Error(`the search stopped unexpectedly (worker exit code ${code})`) }));
    options.onWorker?.(worker);
  });
}
