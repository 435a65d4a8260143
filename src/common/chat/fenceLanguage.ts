// The language of a fenced code block ("```ts") as a VS Code language id ("typescript"), so a code
// block opened as a new file gets its highlighting and tooling. Models label fences with file
// extensions and highlighter names; VS Code knows languages by id.

/** Fence labels that are not VS Code language ids, mapped to the id they mean. */
const ALIASES: Readonly<Record<string, string>> = {
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  tsx: 'typescriptreact',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  node: 'javascript',
  jsx: 'javascriptreact',
  py: 'python',
  python3: 'python',
  rb: 'ruby',
  rs: 'rust',
  golang: 'go',
  kt: 'kotlin',
  kts: 'kotlin',
  cs: 'csharp',
  'c#': 'csharp',
  fs: 'fsharp',
  'f#': 'fsharp',
  'c++': 'cpp',
  cc: 'cpp',
  cxx: 'cpp',
  hpp: 'cpp',
  h: 'c',
  objc: 'objective-c',
  'objective-c++': 'objective-cpp',
  sh: 'shellscript',
  bash: 'shellscript',
  zsh: 'shellscript',
  shell: 'shellscript',
  console: 'shellscript',
  ps1: 'powershell',
  pwsh: 'powershell',
  ps: 'powershell',
  yml: 'yaml',
  md: 'markdown',
  htm: 'html',
  xhtml: 'html',
  svg: 'xml',
  json5: 'jsonc',
  docker: 'dockerfile',
  containerfile: 'dockerfile',
  make: 'makefile',
  mk: 'makefile',
  tex: 'latex',
  pl: 'perl',
  proto: 'proto3',
  psql: 'sql',
  postgres: 'sql',
  postgresql: 'sql',
  mysql: 'sql',
  text: 'plaintext',
  txt: 'plaintext',
  plain: 'plaintext',
  vbnet: 'vb',
  cmd: 'bat',
  patch: 'diff',
  gql: 'graphql',
  ex: 'elixir',
  exs: 'elixir',
  erl: 'erlang',
  hs: 'haskell',
  clj: 'clojure',
  ml: 'ocaml',
  jl: 'julia',
  gradle: 'groovy',
  tf: 'terraform',
  hcl: 'terraform',
};

/**
 * The VS Code language id for a fence label, or undefined (plain text) when VS Code does not know
 * the language. `known` is the set of language ids VS Code has (`vscode.languages.getLanguages()`).
 * Only the label's first word counts (```ts title="x.ts"); matching ignores case.
 */
export function languageIdForFence(label: string, known: ReadonlySet<string>): string | undefined {
  const word = label.trim().split(/\s+/, 1)[0]?.replace(/^\{?\.?/, '').replace(/\}$/, '') ?? '';
  if (word === '' || word.length > 40) return undefined;
  if (known.has(word)) return word;
  const lower = word.toLowerCase();
  if (known.has(lower)) return lower;
  const alias = ALIASES[lower];
  return alias !== undefined && known.has(alias) ? alias : undefined;
}
