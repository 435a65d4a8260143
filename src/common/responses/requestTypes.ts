// The turn model: everything the VS Code layer gathers for one request, before it is turned
// into Responses API params by `buildResponseRequest`. Kept free of `vscode` types so the
// builder can be unit-tested and reused by the CLI and the fake-server demo.
import type {
  ResponseCreateParamsStreaming,
  ResponseInputItem,
  Tool,
} from 'openai/resources/responses/responses';
import type { ImageAttachment, ImageDetail } from '../images/imageInput';
import type { ReasoningEffort, ReasoningSummarySetting, Verbosity } from '../protocol';

export type { ReasoningEffort, ReasoningSummarySetting, Verbosity };

/** The user's model settings for one request (read from `codewright.*` settings). */
export interface RequestSettings {
  model: string;
  reasoningEffort: ReasoningEffort;
  /** 'off' sends no summary request at all. */
  reasoningSummary: ReasoningSummarySetting;
  verbosity: Verbosity;
  /** null = the model's own limit (the parameter is not sent). */
  maxOutputTokens: number | null;
  /** true: OpenAI keeps the response and follow-ups chain by `previous_response_id`.
   *  false: nothing is kept server-side and every request resends the conversation. */
  store: boolean;
  /** `prompt_cache_retention`; 'default' sends nothing (the API picks by organization policy). */
  promptCacheRetention?: PromptCacheRetention;
  /** `background: true` (with store on only): a dropped stream can be resumed, Stop cancels the response. */
  background?: boolean;
  /** `detail` of every `input_image` ('auto' when absent). */
  imageDetail?: ImageDetail;
  /** Which apply_patch tool edits go through (codewright.editTool); 'auto' = the built-in one where the model has it. */
  editTool?: EditToolSetting;
}

export type EditToolSetting = 'auto' | 'custom' | 'builtin';

export type PromptCacheRetention = 'default' | 'in_memory' | '24h';

/** The code the user selected. Lines are 1-based and inclusive. */
export interface SelectionContext {
  /** Workspace-relative path (or the editor title for untitled documents). */
  path: string;
  languageId: string;
  startLine: number;
  endLine: number;
  text: string;
}

/** A whole file sent as an `input_file` attachment. */
export interface OpenFileContext {
  /** Workspace-relative path; sent as the attachment's filename. */
  path: string;
  languageId?: string;
  content: string;
  /** 'text': context that is not a file (an @problems mention's diagnostics), sent as `input_text`. */
  sendAs?: 'text';
}

/** The result of running one of the model's tool calls, sent back as `custom_tool_call_output`
 *  (apply_patch), or as `function_call_output` for a function tool (`kind: 'function'`). */
export interface ToolOutput {
  callId: string;
  output: string;
  /** 'apply_patch': the built-in tool's call, answered with `apply_patch_call_output`. */
  kind?: 'custom' | 'function' | 'apply_patch';
  /** The built-in apply_patch tool's verdict (default completed). */
  status?: 'completed' | 'failed';
}

/** Tools the model may call (in practice the custom `apply_patch` tool with its grammar). */
export type ToolDefinition = Tool;
export type ToolChoice = ResponseCreateParamsStreaming['tool_choice'];

/** One turn of the conversation as the product sees it. */
export interface TurnRequest {
  /** The system-level instructions (sent as `instructions`, so they are never stored in history). */
  instructions: string;
  /** What the user typed; may be empty when the turn only returns tool outputs. */
  prompt: string;
  selection?: SelectionContext;
  openFiles: OpenFileContext[];
  /** Images pasted or dropped into the prompt box, sent as `input_image` parts. */
  images?: ImageAttachment[];
  settings: RequestSettings;
  /** store: true — the id of the previous response in this conversation. */
  previousResponseId?: string;
  /** Without previousResponseId (store: false, or a stored conversation the server lost): every
   *  prior input and output item of the conversation, in order, reasoning only with its
   *  `encrypted_content`. */
  history?: ResponseInputItem[];
  /** Outputs for the tool calls the model made in the previous response. */
  toolOutputs?: ToolOutput[];
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  /** Sent as `prompt_cache_key`: stable per conversation, so its follow-ups land on the cached prefix. */
  promptCacheKey?: string;
  /** Sent as `context_management`: the API compacts the conversation server-side past this many tokens. */
  compactThreshold?: number;
}
