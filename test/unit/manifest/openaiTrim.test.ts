// The extension bundle ships only the parts of the OpenAI SDK the product calls (build/openaiTrim.mjs):
// the unused API resources and stream helpers are not in it, the resources the product uses work
// against the fake Responses server through the trimmed SDK, a stubbed one fails with a clear error,
// and an SDK that changes under the plugin fails the build instead of the extension at run time.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Responses from '../../../src/common/responses';
import { testRequestSettings } from '../../harness/requestSettings';
import { useResponsesServer, WIRE_TEST_API_KEY } from '../../harness/responsesServer';

const root = fileURLToPath(new URL('../../..', import.meta.url));

interface TrimModule {
  OPENAI_RESOURCES_USED: Record<string, string>;
  openaiPackageDir(): string;
  openaiTrimPlugin(options?: { dir?: string; used?: Record<string, string>; helpers?: Record<string, string> }): esbuild.Plugin;
}
type TrimmedSdk = typeof Responses & { OpenAI: typeof OpenAI };

const load = async <T>(path: string): Promise<T> => (await import(pathToFileURL(join(root, path)).href)) as T;
const trim = await load<TrimModule>('build/openaiTrim.mjs');
const { extensionTarget } = await load<{ extensionTarget: esbuild.BuildOptions }>('esbuild.mjs');

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'codewright-openai-trim-'));
});
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** The SDK files in the production extension bundle whose real source (not a stub) is in it. */
async function realSdkFilesInBundle(): Promise<string[]> {
  const result = await esbuild.build({ ...extensionTarget, write: false, sourcemap: false, metafile: true, logLevel: 'silent' });
  const sdkDir = trim.openaiPackageDir();
  const files: string[] = [];
  for (const [input, { bytes }] of Object.entries(result.metafile.inputs)) {
    const file = relative(sdkDir, join(root, input)).split('\\').join('/');
    if (file.startsWith('../') || input.includes(':')) continue;
    // A stubbed module is loaded with the generated source, not the file on disk.
    if (readFileSync(join(sdkDir, file)).length === bytes) files.push(file);
  }
  return files;
}

/** The product's Responses layer and the SDK client, bundled with the production options. */
async function buildTrimmedSdk(): Promise<TrimmedSdk> {
  const outfile = join(scratch, 'trimmedSdk.js');
  await esbuild.build({
    ...extensionTarget,
    entryPoints: undefined,
    stdin: { contents: "export * from './src/common/responses';\nexport { default as OpenAI } from 'openai';", resolveDir: root, loader: 'ts' },
    outfile,
    sourcemap: false,
    logLevel: 'silent',
  });
  return createRequire(import.meta.url)(outfile) as TrimmedSdk;
}

describe('the OpenAI SDK in the extension bundle', () => {
  it('leaves out the API resources and stream helpers the product never calls', async () => {
    const files = await realSdkFilesInBundle();
    const resources = files.filter((file) => file.startsWith('resources/'));
    const allowed = Object.keys(trim.OPENAI_RESOURCES_USED);
    // Only the used resources, the index that names them all and the shared types; no module of another resource.
    for (const file of resources) {
      const resource = file.slice('resources/'.length).split(/[/.]/)[0];
      expect(['resources/index.mjs', 'resources/shared.mjs'].includes(file) || allowed.includes(resource), file).toBe(true);
    }
    expect(resources).toContain('resources/responses/responses.mjs');
    expect(resources).toContain('resources/models.mjs');
    for (const helper of ['lib/AssistantStream.mjs', 'lib/ChatCompletionStream.mjs', 'lib/AbstractChatCompletionRunner.mjs', 'lib/EventStream.mjs', 'lib/responses/ResponseStream.mjs', 'lib/responses/ResponseAccumulator.mjs', '_vendor/partial-json-parser/parser.mjs', 'auth/workload-identity-auth.mjs', 'internal/uploads.mjs', 'internal/to-file.mjs']) {
      expect(files).not.toContain(helper);
    }
    // The client itself and its request machinery are real.
    expect(files).toEqual(expect.arrayContaining(['client.mjs', 'core/streaming.mjs', 'core/error.mjs', 'internal/qs/stringify.mjs']));
  });

  describe('built with the production options', () => {
    const wire = useResponsesServer();
    let sdk: TrimmedSdk;
    beforeAll(async () => {
      sdk = await buildTrimmedSdk();
    }, 60_000);
    const client = () => sdk.createResponsesClient({ apiKey: WIRE_TEST_API_KEY, baseURL: wire.server().baseURL, maxRetries: 0 });
    const turn = (background: boolean): Responses.TurnRequest => ({ instructions: 'You are Codewright.', prompt: 'Explain', openFiles: [], settings: testRequestSettings({ background, store: true }) });
    const answer = 'The trimmed SDK streams this answer, resumed where its stream was cut.';

    it('streams a response, and resumes a cut background response with responses.retrieve', async () => {
      wire.server().enqueue({ output: [{ type: 'message', text: answer, chunks: 8 }], cutAfterEvents: 6 });
      const deltas: string[] = [];
      const outcome = await sdk.runResponse(client(), sdk.buildResponseRequest(turn(true)), {
        idleTimeoutMs: 10_000,
        onEvent: (event) => {
          if (event.type === 'text-delta') deltas.push(event.delta);
        },
      });
      expect(outcome.status).toBe('completed');
      expect(deltas.join('')).toBe(answer);
      expect(outcome.resumed).toBe(1);
      expect(wire.server().requests.map((request) => request.method)).toEqual(['POST', 'GET']);
    });

    it('lists the models and compacts a conversation', async () => {
      const ids: string[] = [];
      for await (const model of client().models.list()) ids.push(model.id);
      expect(ids.length).toBeGreaterThan(0);
      const compacted = await client().responses.compact({ model: 'gpt-5', input: [{ role: 'user', content: 'Read the log' }] });
      expect(compacted.object).toBe('response.compaction');
    });

    it('answers a call of a resource it leaves out with an error that says so, and sends nothing', async () => {
      // The product's own client type offers only the shipped resources; the SDK's class has them all.
      const trimmed = new sdk.OpenAI({ apiKey: WIRE_TEST_API_KEY, baseURL: wire.server().baseURL, maxRetries: 0 });
      expect(() => trimmed.beta.threads.create()).toThrow("client.beta.threads.create() is not included in Codewright's build of the OpenAI SDK");
      expect(() => trimmed.chat.completions.create({ model: 'gpt-5', messages: [] })).toThrow(/client\.chat\.completions\.create\(\) is not included in Codewright's build/);
      expect(() => trimmed.admin.organization.projects.users.list('proj')).toThrow(/client\.admin\.organization\.projects\.users\.list\(\)/);
      expect(() => trimmed.responses.stream({ model: 'gpt-5', input: 'hi' })).toThrow(/ResponseStream\.createResponse\(\) is not included in Codewright's build/);
      expect(() => new sdk.OpenAI({ workloadIdentity: {} as never, apiKey: null, baseURL: wire.server().baseURL })).toThrow(/WorkloadIdentityAuth is not included in Codewright's build/);
      expect(() => sdk.OpenAI.toFile(Buffer.from('x'))).toThrow(/toFile is not included in Codewright's build/);
      expect(wire.server().requests).toHaveLength(0);
    });
  });

  it('offers the product, in its client type, exactly the resources it ships', () => {
    // Fails to compile when ResponsesClient gains or loses a resource; fails here when the allowlist does.
    const typed: Record<Exclude<keyof Responses.ResponsesClient, 'apiKey' | 'baseURL'>, string> = { responses: 'shipped', models: 'shipped' };
    expect(Object.keys(typed).sort()).toEqual(Object.keys(trim.OPENAI_RESOURCES_USED).sort());
  });

  describe('when the SDK changes', () => {
    /** A minimal SDK folder: a client with the resources `used` and `things`; things.mjs gets `thingsModule`. */
    function fakeSdk(thingsModule: string): string {
      const dir = mkdtempSync(join(scratch, 'sdk-'));
      const files: Record<string, string> = {
        'index.mjs': "export { OpenAI } from './client.mjs';",
        'core/resource.mjs': 'export class APIResource { constructor(client) { this._client = client; } }',
        'client.mjs': [
          "import { Used } from './resources/used.mjs';",
          "import { Things } from './resources/things.mjs';",
          'export class OpenAI { constructor() { this.used = new Used(this); this.things = new Things(this); } }',
        ].join('\n'),
        'resources/used.mjs': "import { APIResource } from '../core/resource.mjs';\nexport class Used extends APIResource { get() { return 'used'; } }",
        'resources/things.mjs': `import { APIResource } from '../core/resource.mjs';\n${thingsModule}`,
      };
      for (const [file, contents] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, file)), { recursive: true });
        writeFileSync(join(dir, file), contents);
      }
      return dir;
    }
    const build = (dir: string, used: Record<string, string>, helpers: Record<string, string> = {}) =>
      esbuild.build({
        stdin: { contents: `import { OpenAI } from ${JSON.stringify(join(dir, 'index.mjs'))};\nconst client = new OpenAI();\nexport const used = () => client.used.get();\nexport const things = () => client.things.list();`, resolveDir: dir },
        bundle: true,
        format: 'cjs',
        platform: 'node',
        write: false,
        logLevel: 'silent',
        plugins: [trim.openaiTrimPlugin({ dir, used, helpers })],
      });

    it('stubs an unused resource module it fully understands, keeping the used one real', async () => {
      const dir = fakeSdk('export class Things extends APIResource { list() { return []; } }');
      const result = await build(dir, { used: 'the test calls it' });
      const built = { exports: {} as { used(): string; things(): unknown } };
      new Function('module', 'exports', 'require', result.outputFiles[0].text)(built, built.exports, createRequire(import.meta.url));
      expect(built.exports.used()).toBe('used');
      expect(() => built.exports.things()).toThrow("client.things.list() is not included in Codewright's build");
    });

    it('fails the build, naming the export, when an unused resource module also exports something else', async () => {
      const dir = fakeSdk('export class Things extends APIResource { list() { return []; } }\nexport const thingHelper = () => 1;');
      await expect(build(dir, { used: 'the test calls it' })).rejects.toThrow(/openai\/resources\/things\.mjs exports thingHelper/);
    });

    it('fails the build when an allowlisted resource or a listed helper is gone', async () => {
      const dir = fakeSdk('export class Things extends APIResource { list() { return []; } }');
      await expect(build(dir, { renamed: 'the test calls it' })).rejects.toThrow(/the OpenAI client has no resource 'renamed' any more \(it has used, things\)/);
      await expect(build(dir, { used: 'the test calls it' }, { 'lib/Gone.mjs': 'a removed helper' })).rejects.toThrow(/openai\/lib\/Gone\.mjs no longer exists/);
    });
  });
});
