// Pipeline: what the extension host adds to a stream. The fake server (its own process) streams
// an answer in 20,000 deltas; our path runs it through the SDK, the stream reducer and the delta
// batcher that posts to the webview (each post serialized, as postMessage does). The baseline is a
// bare `for await` over the same SDK stream. CPU time of this process, medians of alternating runs.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import type { ResponseCreateParamsStreaming } from 'openai/resources/responses/responses';
import { TurnStream } from '../../src/common/chat/turnStream';
import { createResponsesClient, type ResponsesClient } from '../../src/common/responses';
import type { AreaResult } from './results';
import { repoRoot } from './results';

const DELTAS = 20_000;
const RUNS = 7;
const params: ResponseCreateParamsStreaming = { model: 'gpt-5', input: 'Stream a long answer.', stream: true };

interface Sample {
  cpuMs: number;
  wallMs: number;
  deltas: number;
  posts: number;
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

async function bare(client: ResponsesClient): Promise<Sample> {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  let deltas = 0;
  const stream = await client.responses.create(params);
  for await (const event of stream) if (event.type === 'response.output_text.delta') deltas++;
  return { cpuMs: cpuMs(cpu), wallMs: performance.now() - wall, deltas, posts: 0 };
}

async function ours(client: ResponsesClient): Promise<Sample> {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  let posts = 0;
  const streamer = new TurnStream((message) => {
    posts++;
    // postMessage serializes every message; the webview's side is not counted.
    JSON.stringify(message);
  }, 16);
  const outcome = await streamer.stream('turn-1', { answer: '', reasoning: '', refusal: '', separator: '' }, client, params, {
    signal: new AbortController().signal,
    idleTimeoutMs: 120_000,
    onOtherEvent: () => undefined,
  });
  streamer.dispose();
  if (outcome.status !== 'completed') throw new Error(`pipeline stream ended ${outcome.status}: ${outcome.error?.message ?? ''}`);
  return { cpuMs: cpuMs(cpu), wallMs: performance.now() - wall, deltas: 0, posts };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function startServer(): Promise<{ baseURL: string; stop: () => void }> {
  const child = spawn(join(repoRoot, 'node_modules', '.bin', 'tsx'), [join(repoRoot, 'test', 'bench', 'pipelineServer.ts'), String(DELTAS)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the pipeline server exited (${String(code)}) before listening`)));
  });
  const { baseURL } = JSON.parse(first) as { baseURL: string };
  return { baseURL, stop: () => child.kill('SIGTERM') };
}

export async function runPipelineBench(): Promise<AreaResult> {
  const server = await startServer();
  try {
    const client = createResponsesClient({ apiKey: 'bench-key', baseURL: server.baseURL, maxRetries: 0 });
    await bare(client);
    await ours(client);
    const bareRuns: Sample[] = [];
    const ourRuns: Sample[] = [];
    for (let run = 0; run < RUNS; run++) {
      bareRuns.push(await bare(client));
      ourRuns.push(await ours(client));
    }
    const bareCpu = median(bareRuns.map((sample) => sample.cpuMs));
    const ourCpu = median(ourRuns.map((sample) => sample.cpuMs));
    const ourWall = median(ourRuns.map((sample) => sample.wallMs));
    const posts = median(ourRuns.map((sample) => sample.posts));
    const deltas = bareRuns[0]?.deltas ?? 0;
    const ratio = ourCpu / bareCpu;
    const postsPerSecond = posts / (ourWall / 1000);
    console.log(
      `  ${deltas} deltas: bare SDK ${bareCpu.toFixed(0)} ms CPU, ours ${ourCpu.toFixed(0)} ms CPU (ratio ${ratio.toFixed(2)}), ` +
        `${posts} posts in ${ourWall.toFixed(0)} ms (${postsPerSecond.toFixed(0)} posts/s); medians of ${RUNS} alternating runs`,
    );
    return {
      overhead_ratio_vs_bare_sdk: Number(ratio.toFixed(3)),
      posts_per_second: Number(postsPerSecond.toFixed(1)),
      deltas,
      bare_sdk_cpu_ms: Number(bareCpu.toFixed(1)),
      codewright_cpu_ms: Number(ourCpu.toFixed(1)),
      posts_per_stream: posts,
      // The batcher posts at most once per 16 ms; a local stream this fast arrives in a few bursts.
      deltas_per_post: Number((deltas / Math.max(posts, 1)).toFixed(0)),
      runs: RUNS,
    };
  } finally {
    server.stop();
  }
}
