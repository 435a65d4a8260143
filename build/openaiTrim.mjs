// Ships only the parts of the official `openai` SDK that Codewright calls.
//
// Why: the SDK's client constructs every API resource in its constructor (client.admin,
// client.beta.threads, client.fineTuning, …), so no bundler can tree-shake the ones the product
// never calls; with their stream helpers they were about 90 KB of the extension bundle.
//
// How: an esbuild plugin replaces, at load time, every module of the SDK's `resources/` tree that
// defines only resources outside OPENAI_RESOURCES_USED with a generated stub. The stub exports the
// same names as the real module, read from the real module itself (Node imports it at build time),
// so whatever imports it still links. Each exported class is a cheap `APIResource` subclass with the
// real resource's shape: the same method and sub-resource names, and every method throws
// "client.<path>.<method>() is not included in Codewright's build". The client still constructs.
// A few helper modules the product provably never reaches (OPENAI_HELPERS_NOT_SHIPPED) are replaced
// the same way: their classes throw when constructed.
//
// An SDK update cannot slip past this silently: the build fails when an allowlisted resource or a
// listed helper is gone, when a stubbed module exports something that is not a client resource, or
// when a helper exports something other than a class or function.
import { existsSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The client resources Codewright calls. Everything else on the client is stubbed. */
export const OPENAI_RESOURCES_USED = {
  // Every turn: responses.create (streamed); responses.retrieve (streamed, to resume a dropped
  // background response where it stopped); responses.cancel (Stop on a background response);
  // responses.compact (compacting a long conversation).
  responses: 'create, retrieve, cancel and compact a response',
  // "Codewright: Choose Model" lists the models of the account (src/vscode/modelCommands.ts).
  models: 'list the models of the account',
};

/** SDK modules outside `resources/` that Codewright provably never reaches, and why. */
export const OPENAI_HELPERS_NOT_SHIPPED = {
  // Only behind responses.stream(); Codewright iterates the raw events of
  // responses.create({ stream: true }) with its own reducer (src/common/responses/streamReducer.ts).
  'lib/responses/ResponseStream.mjs': 'responses.stream() and its event accumulator',
  // Constructed only for the client's `workloadIdentity` option; Codewright authenticates with an
  // API key (src/common/responses/responseRunner.ts, createResponsesClient).
  'auth/workload-identity-auth.mjs': 'workload identity (OAuth token exchange) authentication',
  // toFile/toStreamingFile wrap data for multipart uploads (the files, audio and images APIs);
  // Codewright sends files and images inline in the request, as text and base64 data URLs.
  'core/uploads.mjs': 'toFile and toStreamingFile for multipart uploads',
};

const RUNTIME = 'openai-trim:runtime';
const RESOURCE_PREFIX = 'openai-trim:resource/';
const NAMESPACE = 'openai-trim';

/** What the stubs share at run time: throwing methods, put on a stub's prototype once. */
const RUNTIME_SOURCE = `
export function notIncluded(what) {
  return new Error(what + " is not included in Codewright's build of the OpenAI SDK: the extension ships only the parts it calls (build/openaiTrim.mjs).");
}
/** Puts the throwing methods and (stateless, shared) sub-resources of \`shape\` on \`target\`. */
export function stubResource(target, path, shape) {
  for (const method of shape.m ? shape.m.split(" ") : []) {
    target[method] = () => { throw notIncluded("client." + path + "." + method + "()"); };
  }
  for (const [name, sub] of Object.entries(shape.s || {})) stubResource((target[name] = {}), path + "." + name, sub);
}
`;

/** The SDK's folder (symlinks resolved, as esbuild reports load paths). */
export function openaiPackageDir() {
  const require = createRequire(import.meta.url);
  // The package's root entry (index.js) sits at its top level; `exports` hides package.json.
  return realpathSync(dirname(require.resolve('openai')));
}

/** The shape of one real resource instance: its method names and its sub-resources. */
function shapeOf(resource, APIResource) {
  const methods = new Set();
  for (let proto = Object.getPrototypeOf(resource); proto && proto !== APIResource.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name !== 'constructor' && typeof resource[name] === 'function') methods.add(name);
    }
  }
  const shape = {};
  if (methods.size > 0) shape.m = [...methods].join(' ');
  const subs = Object.keys(resource).filter((key) => resource[key] instanceof APIResource);
  if (subs.length > 0) shape.s = Object.fromEntries(subs.map((key) => [key, shapeOf(resource[key], APIResource)]));
  return shape;
}

/**
 * Reads the real SDK: constructs a client (no network) and maps every resource class on it,
 * nested ones included, to its path on the client ('beta.threads.runs') and its shape.
 * @returns {Promise<{ dir: string, resources: Map<Function, { path: string, shape: object }> }>}
 */
export async function readOpenAIResources(dir = openaiPackageDir(), used = OPENAI_RESOURCES_USED) {
  const { OpenAI } = await import(pathToFileURL(join(dir, 'index.mjs')).href);
  const { APIResource } = await import(pathToFileURL(join(dir, 'core/resource.mjs')).href);
  const client = new OpenAI({ apiKey: 'build-time-only', baseURL: 'http://127.0.0.1:9/v1' });
  const resources = new Map();
  const visit = (resource, path) => {
    if (!resources.has(resource.constructor)) resources.set(resource.constructor, { path, shape: shapeOf(resource, APIResource) });
    for (const key of Object.keys(resource)) if (resource[key] instanceof APIResource) visit(resource[key], `${path}.${key}`);
  };
  const roots = Object.keys(client).filter((key) => client[key] instanceof APIResource);
  for (const key of roots) visit(client[key], key);
  for (const name of Object.keys(used)) {
    if (!roots.includes(name)) {
      throw new Error(`openai-trim: the OpenAI client has no resource '${name}' any more (it has ${roots.join(', ')}); update OPENAI_RESOURCES_USED in build/openaiTrim.mjs.`);
    }
  }
  return { dir, resources };
}

/** The stub of a `resources/` module, or undefined to ship the real one. Throws when it cannot tell. */
async function resourceModuleStub(file, rel, resources, used) {
  const isUsed = (path) => Object.hasOwn(used, path.split('.')[0]);
  const real = await import(pathToFileURL(file).href);
  const names = Object.keys(real);
  const found = names.map((name) => ({ name, resource: resources.get(real[name]) }));
  const unused = found.filter(({ resource }) => resource && !isUsed(resource.path));
  // Ship modules with nothing to stub (types only) and those with a used resource (resources/index.mjs).
  if (unused.length === 0 || found.some(({ resource }) => resource && isUsed(resource.path))) return undefined;
  const unknown = found.filter(({ resource }) => !resource);
  if (unknown.length > 0) {
    throw new Error(`openai-trim: openai/${rel} exports ${unknown.map(({ name }) => name).join(', ')} beside unused resources, and it is not a client resource; decide how to stub it in build/openaiTrim.mjs.`);
  }
  const lines = [`// Generated by build/openaiTrim.mjs in place of openai/${rel}: Codewright never calls it.`];
  for (const { name, resource } of found) lines.push(`export { ${name} } from ${JSON.stringify(RESOURCE_PREFIX + resource.path)};`);
  return lines.join('\n');
}

/** The stub of a listed helper module: its classes and functions throw when used. */
async function helperModuleStub(file, rel, why) {
  const real = await import(pathToFileURL(file).href);
  const lines = [`// Generated by build/openaiTrim.mjs in place of openai/${rel}: ${why}.`, `import { notIncluded } from ${JSON.stringify(RUNTIME)};`];
  for (const [name, value] of Object.entries(real)) {
    const what = JSON.stringify(`The OpenAI SDK's ${name}`);
    if (typeof value !== 'function') {
      throw new Error(`openai-trim: openai/${rel} exports ${name}, which is not a class or function; decide how to stub it in build/openaiTrim.mjs.`);
    }
    const statics = Object.getOwnPropertyNames(value).filter((key) => typeof value[key] === 'function');
    if (/^class[\s{]/.test(Function.prototype.toString.call(value))) {
      lines.push(`export class ${name} { constructor() { throw notIncluded(${what}); } }`);
      for (const key of statics) lines.push(`${name}.${key} = () => { throw notIncluded(${JSON.stringify(`The OpenAI SDK's ${name}.${key}()`)}); };`);
    } else {
      lines.push(`export function ${name}() { throw notIncluded(${what}); }`);
    }
  }
  return lines.join('\n');
}

/**
 * The esbuild plugin. Modules outside the SDK are untouched. The options are for tests: another
 * SDK folder, allowlist or helper list than the real ones.
 * @param {{ dir?: string, used?: Record<string, string>, helpers?: Record<string, string> }} [options]
 * @returns {import('esbuild').Plugin}
 */
export function openaiTrimPlugin(options = {}) {
  const { used = OPENAI_RESOURCES_USED, helpers = OPENAI_HELPERS_NOT_SHIPPED } = options;
  return {
    name: 'openai-trim',
    async setup(build) {
      const { dir, resources } = await readOpenAIResources(options.dir ?? openaiPackageDir(), used);
      for (const rel of Object.keys(helpers)) {
        if (!existsSync(join(dir, rel))) throw new Error(`openai-trim: openai/${rel} no longer exists; update OPENAI_HELPERS_NOT_SHIPPED in build/openaiTrim.mjs.`);
      }
      const byPath = new Map([...resources.values()].map((resource) => [resource.path, resource]));

      build.onResolve({ filter: /^openai-trim:/ }, (args) => ({ path: args.path, namespace: NAMESPACE }));
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => {
        if (args.path === RUNTIME) return { contents: RUNTIME_SOURCE, loader: 'js' };
        // One stub class per client path, so every module re-exporting it hands out the same class.
        const resource = byPath.get(args.path.slice(RESOURCE_PREFIX.length));
        const className = [...resources].find(([, value]) => value === resource)[0].name;
        const contents = [
          `import { APIResource } from "./core/resource.mjs";`,
          `import { stubResource } from ${JSON.stringify(RUNTIME)};`,
          `export class ${className} extends APIResource {}`,
          `stubResource(${className}.prototype, ${JSON.stringify(resource.path)}, ${JSON.stringify(resource.shape)});`,
        ].join('\n');
        return { contents, loader: 'js', resolveDir: dir };
      });
      build.onLoad({ filter: /\.mjs$/ }, async (args) => {
        const rel = relative(dir, args.path).split(sep).join('/');
        if (rel.startsWith('../')) return undefined;
        if (Object.hasOwn(helpers, rel)) return { contents: await helperModuleStub(args.path, rel, helpers[rel]), loader: 'js' };
        if (rel.startsWith('resources/')) {
          const contents = await resourceModuleStub(args.path, rel, resources, used);
          if (contents !== undefined) return { contents, loader: 'js', resolveDir: dirname(args.path) };
        }
        return undefined;
      });
    },
  };
}
