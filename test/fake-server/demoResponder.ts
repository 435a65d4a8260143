// The scripted conversation of demo mode. It answers from what the request actually carried
// (file, language, line range, open files), so a demo shows the real context plumbing, and
// when asked to change code it calls the `apply_patch` tool with a valid patch for the
// selected lines.
import type { FakeReply, FakeResponder, ResponderContext, ScriptedItem } from './replies';

type JsonRecord = Record<string, unknown>;

function asRecord(value: unknown): JsonRecord | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonRecord) : undefined;
}

/** What the demo understood of the last user message. */
export interface DemoRequestSummary {
  prompt: string;
  selection?: { path: string; languageId: string; startLine: number; endLine: number; lines: string[] };
  fileNames: string[];
  toolOutputs: string[];
  offersApplyPatch: boolean;
}

const SELECTION_LABEL = /^Selected code from `([^`]+)` \(([^)]*)\), lines? (\d+)(?:-(\d+))?:\n(`{3,})[^\n]*\n([\s\S]*?)\n?\5$/;

export function summarizeRequest(body: JsonRecord): DemoRequestSummary {
  const input = Array.isArray(body.input) ? body.input : typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : [];
  const summary: DemoRequestSummary = { prompt: '', fileNames: [], toolOutputs: [], offersApplyPatch: false };
  summary.offersApplyPatch =
    Array.isArray(body.tools) && body.tools.some((tool) => asRecord(tool)?.type === 'custom' && asRecord(tool)?.name === 'apply_patch');
  let lastUser: JsonRecord | undefined;
  for (const item of input) {
    const record = asRecord(item);
    if (record?.role === 'user') lastUser = record;
    if (record?.type === 'custom_tool_call_output' && typeof record.output === 'string') summary.toolOutputs.push(record.output);
  }
  const content = lastUser?.content;
  const parts = typeof content === 'string' ? [{ type: 'input_text', text: content }] : Array.isArray(content) ? content : [];
  const texts: string[] = [];
  for (const part of parts) {
    const record = asRecord(part);
    if (record?.type === 'input_file') summary.fileNames.push(String(record.filename ?? 'unnamed file'));
    if (record?.type !== 'input_text' || typeof record.text !== 'string') continue;
    const match = SELECTION_LABEL.exec(record.text);
    if (match) {
      const startLine = Number(match[3]);
      summary.selection = {
        path: match[1] ?? '',
        languageId: match[2] ?? '',
        startLine,
        endLine: match[4] ? Number(match[4]) : startLine,
        lines: (match[6] ?? '').split('\n'),
      };
    } else {
      texts.push(record.text);
    }
  }
  summary.prompt = texts.join('\n').trim();
  return summary;
}

const HASH_COMMENT_LANGUAGES = new Set(['python', 'shellscript', 'ruby', 'perl', 'r', 'yaml', 'toml', 'dockerfile', 'makefile', 'powershell', 'elixir']);
const DASH_COMMENT_LANGUAGES = new Set(['sql', 'lua', 'haskell']);

function commentLine(languageId: string, indent: string, text: string): string {
  if (HASH_COMMENT_LANGUAGES.has(languageId)) return `${indent}# ${text}`;
  if (DASH_COMMENT_LANGUAGES.has(languageId)) return `${indent}-- ${text}`;
  if (['html', 'xml', 'markdown', 'vue', 'svelte'].includes(languageId)) return `${indent}<!-- ${text} -->`;
  if (['css', 'scss', 'less'].includes(languageId)) return `${indent}/* ${text} */`;
  return `${indent}// ${text}`;
}

const CHANGE_REQUEST = /\b(fix|change|refactor|rename|edit|update|improve|modify|rewrite|add|patch)\b/i;

/** A patch that adds a comment line above the selection's first line, anchored on the
 *  selection's own first lines as context. */
export function demoPatch(selection: NonNullable<DemoRequestSummary['selection']>): string {
  const context = selection.lines.slice(0, Math.min(3, selection.lines.length));
  while (context.length > 1 && context[context.length - 1]?.trim() === '') context.pop();
  const first = context[0] ?? '';
  const indent = /^\s*/.exec(first)?.[0] ?? '';
  const comment = commentLine(selection.languageId, indent, `Reviewed by Codewright (demo): lines ${selection.startLine}-${selection.endLine}.`);
  return ['*** Begin Patch', `*** Update File: ${selection.path}`, '@@', `+${comment}`, ...context.map((line) => ` ${line}`), '*** End Patch', ''].join('\n');
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export interface DemoOptions {
  /** Pause between streamed events, so the demo streams visibly. Default 15 ms. */
  chunkDelayMs?: number;
}

/** Builds the demo's reply to one request. */
export function demoReply(context: ResponderContext, options: DemoOptions = {}): FakeReply {
  const chunkDelayMs = options.chunkDelayMs ?? 15;
  const summary = summarizeRequest(context.body);
  const reasoning: ScriptedItem = {
    type: 'reasoning',
    summary: [
      `**Reading the request**\n\nThis is the Codewright demo server, not OpenAI. It looks at what the extension sent: ${
        summary.selection ? `a selection from ${summary.selection.path}` : 'no selection'
      } and ${plural(summary.fileNames.length, 'open file')}.`,
    ],
  };

  if (summary.toolOutputs.length > 0) {
    const result = summary.toolOutputs[summary.toolOutputs.length - 1] ?? '';
    return {
      output: [reasoning, { type: 'message', text: `The patch tool answered:\n\n\`\`\`\n${result}\n\`\`\`\n\nThat ends this demo turn. Ask another question to continue.` }],
      chunkDelayMs,
    };
  }

  const selection = summary.selection;
  if (selection && CHANGE_REQUEST.test(summary.prompt)) {
    if (summary.offersApplyPatch) {
      return {
        output: [
          reasoning,
          { type: 'message', text: `I'll add a marker comment above line ${selection.startLine} of \`${selection.path}\`.`, phase: 'commentary' },
          { type: 'custom_tool_call', name: 'apply_patch', input: demoPatch(selection), chunks: 12 },
        ],
        chunkDelayMs,
      };
    }
    return {
      output: [reasoning, { type: 'message', text: 'This request offered no apply_patch tool, so the demo cannot propose an edit here.' }],
      chunkDelayMs,
    };
  }

  const lines: string[] = ['**Demo mode** — a scripted fake server is answering, not OpenAI. Here is what it received:', ''];
  if (selection) {
    const count = selection.endLine - selection.startLine + 1;
    const firstLine = selection.lines.find((line) => line.trim().length > 0)?.trim() ?? '';
    lines.push(
      `- A selection from \`${selection.path}\` (${selection.languageId || 'plain text'}), lines ${selection.startLine}–${selection.endLine} (${plural(count, 'line')}).`,
    );
    if (firstLine) lines.push(`- It starts with \`${firstLine.replace(/`/g, "'").slice(0, 80)}\`.`);
  } else {
    lines.push('- No selection.');
  }
  lines.push(
    summary.fileNames.length > 0
      ? `- ${plural(summary.fileNames.length, 'open file')}: ${summary.fileNames.map((name) => `\`${name}\``).join(', ')}.`
      : '- No open files.',
  );
  if (summary.prompt) lines.push(`- Your prompt: “${summary.prompt.slice(0, 200)}”.`);
  lines.push('', 'With a real OpenAI API key set, GPT-5 explains the code here instead. Ask me to *fix* or *change* the selection to see a patch proposal.');
  return { output: [reasoning, { type: 'message', text: lines.join('\n') }], chunkDelayMs };
}

export function createDemoResponder(options: DemoOptions = {}): FakeResponder {
  return (context) => demoReply(context, options);
}

export const demoResponder: FakeResponder = createDemoResponder();
