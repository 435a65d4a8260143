// Runs the read tools' heavy work in a worker thread (readToolWorker.ts) and stops it when it has
// found enough, when the turn is stopped, when one file keeps the pattern busy too long (a regex
// that backtracks for ever) or when the whole job runs out of time. The extension host's own
// thread only receives results; a hostile pattern or .gitignore can cost a worker, never the editor.
import { Worker } from 'node:worker_threads';
import type { SearchTextArgs } from '../../common/tools/toolArguments';
import type { DirListing, SearchStop, TextMatch } from '../../common/tools/toolHost';
import { SearchPhase } from './nodeTextSearch';
import type { Collector, SearchRoot } from './searchCollector';
import type { WalkOptions } from './workspaceWalk';

/** The walk options a worker can receive (an AbortSignal cannot cross threads). */
type WorkerWalkOptions = Pick<WalkOptions, 'excludes' | 'gitignore'>;

export type ReadToolJob =
  | {
      kind: 'search';
      roots: readonly SearchRoot[];
      args: SearchTextArgs;
      options: WorkerWalkOptions;
      /** Int32 [phase, files begun]: what the worker is doing, readable while its thread is stuck. */
      progress: SharedArrayBuffer;
    }
  | { kind: 'list'; root: string; folder: string; depth: number; options: WorkerWalkOptions };

export type ReadToolWorkerMessage = { type: 'matches'; batch: TextMatch[] } | { type: 'done' } | { type: 'listing'; listing: DirListing } | { type: 'error'; message: string };

export interface WorkerRunOptions {
  /** The worker's script (dist/readToolWorker.js in the extension). */
  script: string;
  /** How long the whole job may take. */
  totalMs: number;
  signal?: AbortSignal;
  /** Told about the worker as it starts (tests watch it exit). */
  onWorker?: (worker: Worker) => void;
}

export interface WorkerSearchOptions extends WorkerRunOptions {
  /** How long the pattern may run over one file before the search stops. */
  patternMs: number;
}

export interface ListInWorkerOptions extends Omit<WorkerRunOptions, 'signal' | 'totalMs'> {
  totalMs?: number;
}

/** A listing reads at most 5,000 entries; on any sane disk that takes well under a second. */
export const DEFAULT_LIST_MS = 30_000;

/** How often the host looks at what a searching worker is doing. */
const WATCH_INTERVAL_MS = 100;
/** The worker reads files of up to 2 MB one at a time; this is far more than it needs. */
const WORKER_HEAP_MB = 256;

function workerOptions(options: WalkOptions): WorkerWalkOptions {
  return { excludes: options.excludes, gitignore: options.gitignore };
}

interface RunningJob {
  /** Ends the job once: terminates the worker and settles the promise. */
  finish(outcome: { value?: unknown } | { error: Error }): void;
  readonly started: number;
}

interface JobHandlers {
  message(message: ReadToolWorkerMessage, job: RunningJob): void;
  /** What running out of time means for this job. */
  deadline(job: RunningJob): void;
  /** Called once the worker runs; returns what to undo when the job ends. */
  start?(job: RunningJob): () => void;
}

/** Starts `job` in a worker. Stop (the signal) resolves with undefined; a worker that fails or dies rejects. */
function runJob<T>(job: ReadToolJob, options: WorkerRunOptions, handlers: JobHandlers): Promise<T | undefined> {
  if (options.signal?.aborted) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    // No flags of the host's process: the worker is plain bundled JavaScript, and a loader the host
    // was started with (a debugger hook, tsx under tests) would only slow its start.
    const worker = new Worker(options.script, { workerData: job, execArgv: [], resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    let settled = false;
    let undo = () => {};
    const running: RunningJob = {
      started: Date.now(),
      finish: (outcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        undo();
        options.signal?.removeEventListener('abort', onAbort);
        void worker.terminate();
        if ('error' in outcome) reject(outcome.error);
        else resolve(outcome.value as T | undefined);
      },
    };
    const onAbort = () => running.finish({});
    const deadline = setTimeout(() => handlers.deadline(running), options.totalMs);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: ReadToolWorkerMessage) => {
      if (!settled) handlers.message(message, running);
    });
    worker.on('error', (err) => running.finish({ error: new Error(`the worker failed: ${err.message}`) }));
    worker.on('exit', (code) => running.finish({ error: new Error(`the worker stopped unexpectedly (exit code ${code})`) }));
    undo = handlers.start?.(running) ?? undo;
    options.onWorker?.(worker);
  });
}

function seconds(since: number): number {
  return Math.round((Date.now() - since) / 100) / 10;
}

/**
 * Searches `roots` in a worker, handing matches to `collector`. Resolves with why it stopped early
 * (undefined when it finished, had enough or was cancelled); rejects when the worker fails.
 */
export function searchInWorker(roots: readonly SearchRoot[], args: SearchTextArgs, walkOptions: WalkOptions, collector: Collector, options: WorkerSearchOptions): Promise<SearchStop | undefined> {
  const progressBuffer = new SharedArrayBuffer(8);
  const progress = new Int32Array(progressBuffer);
  let watched = { file: -1, since: Date.now() };
  /** Whether the worker is still on the file it was matching at the last look (the pattern is then to blame). */
  const look = (): boolean => {
    const file = Atomics.load(progress, 0) === SearchPhase.Matching ? Atomics.load(progress, 1) : -1;
    const stuck = file >= 0 && file === watched.file;
    if (!stuck) watched = { file, since: Date.now() };
    return stuck;
  };
  const stopWith = (running: RunningJob, reason: SearchStop['reason']) => running.finish({ value: { reason, seconds: seconds(running.started) } });
  const job: ReadToolJob = { kind: 'search', roots, args, options: workerOptions(walkOptions), progress: progressBuffer };
  return runJob<SearchStop>(job, options, {
    start: (running) => {
      const watchdog = setInterval(() => {
        if (look() && Date.now() - watched.since >= options.patternMs) stopWith(running, 'slow-pattern');
      }, Math.min(WATCH_INTERVAL_MS, Math.max(10, options.patternMs / 4)));
      return () => clearInterval(watchdog);
    },
    message: (message, running) => {
      if (message.type === 'matches') {
        for (const match of message.batch) {
          if (!collector.add(match)) return running.finish({});
        }
      } else if (message.type === 'done') {
        running.finish({});
      } else if (message.type === 'error') {
        running.finish({ error: new Error(`the search failed: ${message.message}`) });
      }
    },
    deadline: (running) => stopWith(running, look() ? 'slow-pattern' : 'time-limit'),
  });
}

/**
 * list_dir's walk in a worker: .gitignore files and excludes come from the workspace and may be
 * built to cost as much as matching can. Empty when the turn is stopped; an error a sentence can
 * act on when the time runs out.
 */
export async function listInWorker(root: string, folder: string, depth: number, walkOptions: WalkOptions, options: ListInWorkerOptions): Promise<DirListing> {
  const job: ReadToolJob = { kind: 'list', root, folder, depth, options: workerOptions(walkOptions) };
  const listing = await runJob<DirListing>(job, { totalMs: DEFAULT_LIST_MS, ...options, signal: walkOptions.signal }, {
    message: (message, running) => {
      if (message.type === 'listing') running.finish({ value: message.listing });
      else if (message.type === 'error') running.finish({ error: new Error(message.message) });
    },
    deadline: (running) =>
      running.finish({ error: new Error(`listing ${folder === '' ? 'the workspace root' : folder} took more than ${seconds(running.started)} s (a huge folder, a slow disk or .gitignore rules too costly to apply) and was stopped. List a subfolder, or use a smaller depth.`) }),
  });
  return listing ?? { entries: [], excluded: 0 };
}
