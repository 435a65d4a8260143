// Palette commands that pick the model, reasoning effort and verbosity, and the status bar item
// (model · effort, spinning while generating) that opens a quick pick of them.

import * as vscode from 'vscode';
import { effortChoices, modelChoices, statusText, verbosityChoices, type Choice } from '../common/chat/modelChoices';
import { createResponsesClient, KNOWN_MODELS, ModelCatalog, OPENAI_BASE_URL } from '../common/responses';
import { describeError } from '../common/describeError';
import type { ApiKeyService } from './apiKey';
import { logger } from './log';
import { readSettings, updateControl, onSettingsChanged } from './settings';

const log = logger('models');
const catalog = new ModelCatalog();

/** The models the endpoint serves that answer on the Responses API (cached an hour), else the table's. */
async function servedModels(apiKeys: ApiKeyService): Promise<string[]> {
  const connection = await apiKeys.connection(readSettings().baseURL);
  if (!connection) return [...KNOWN_MODELS];
  const endpoint = (connection.baseURL.trim() || OPENAI_BASE_URL).replace(/\/+$/, '');
  const { models, fromEndpoint } = await catalog.models(endpoint, async () => {
    const client = createResponsesClient({ apiKey: connection.apiKey, baseURL: connection.baseURL, maxRetries: 0, timeoutMs: 10_000 });
    const ids: string[] = [];
    try {
      for await (const model of client.models.list()) ids.push(model.id);
    } catch (err) {
      log.info(`the endpoint lists no models (${describeError(err)}); offering Codewright's table`);
      throw err;
    }
    return ids;
  });
  if (fromEndpoint) log.info(`the endpoint serves ${models.length} Responses model(s)`);
  return models;
}

type Pick<T extends string> = vscode.QuickPickItem & { value: T };

async function pickOne<T extends string>(choices: Choice<T>[], placeHolder: string): Promise<T | undefined> {
  const items: Pick<T>[] = choices.map((choice) => ({
    label: choice.picked ? `$(check) ${choice.value}` : choice.value,
    value: choice.value,
    description: choice.description,
  }));
  const picked = await vscode.window.showQuickPick(items, { placeHolder });
  return picked?.value;
}

const OTHER_MODEL = '\u0000other';

export async function selectModel(apiKeys: ApiKeyService): Promise<void> {
  const current = readSettings().model;
  // The list arrives while the picker already shows (VS Code shows progress meanwhile).
  const items = servedModels(apiKeys).then((available) => {
    const choices: Choice<string>[] = [...modelChoices(current, available), { value: OTHER_MODEL, description: 'type a model name', picked: false }];
    return choices.map((choice): Pick<string> => ({
      label: choice.value === OTHER_MODEL ? 'Other model…' : choice.picked ? `$(check) ${choice.value}` : choice.value,
      value: choice.value,
      description: choice.description,
    }));
  });
  const picked = await vscode.window.showQuickPick(items, { placeHolder: `Model for Codewright (now ${current})` });
  if (!picked) return;
  let model = picked.value;
  if (model === OTHER_MODEL) {
    const typed = await vscode.window.showInputBox({
      prompt: 'Model name as your endpoint serves it',
      value: current,
      validateInput: (text) => (text.trim() === '' ? 'Enter a model name.' : /\s/.test(text.trim()) ? 'A model name has no spaces.' : undefined),
    });
    if (typed === undefined) return;
    model = typed.trim();
  }
  await updateControl('model', model);
}

export async function selectReasoningEffort(): Promise<void> {
  const { model, reasoningEffort } = readSettings();
  const effort = await pickOne(effortChoices(model, reasoningEffort), `Reasoning effort for ${model} (now ${reasoningEffort})`);
  if (effort) await updateControl('reasoningEffort', effort);
}

export async function selectVerbosity(): Promise<void> {
  const { model, verbosity } = readSettings();
  const choices = verbosityChoices(model, verbosity);
  if (choices.length === 0) {
    void vscode.window.showInformationMessage(`Codewright: ${model} sets its own verbosity; pick another model to change it.`);
    return;
  }
  const level = await pickOne(choices, `Verbosity for ${model} (now ${verbosity})`);
  if (level) await updateControl('verbosity', level);
}

const CONTROL_COMMANDS: readonly { label: string; command: string }[] = [
  { label: '$(comment-discussion) Open Chat', command: 'codewright.openChat' },
  { label: '$(question) Ask About Selection…', command: 'codewright.askAboutSelection' },
  { label: '$(add) Add Current File to Context', command: 'codewright.addCurrentFile' },
  { label: '$(hubot) Select Model', command: 'codewright.selectModel' },
  { label: '$(lightbulb) Select Reasoning Effort', command: 'codewright.selectReasoningEffort' },
  { label: '$(list-flat) Select Verbosity', command: 'codewright.selectVerbosity' },
  { label: '$(debug-stop) Stop Generating', command: 'codewright.stop' },
];

export async function showControls(): Promise<void> {
  const picked = await vscode.window.showQuickPick(CONTROL_COMMANDS, { placeHolder: 'Codewright' });
  if (picked) await vscode.commands.executeCommand(picked.command);
}

/** The status bar item; `generating` events come from the chat view. */
export function registerStatusBar(context: vscode.ExtensionContext, onGenerating: vscode.Event<boolean>): void {
  const item = vscode.window.createStatusBarItem('codewright.status', vscode.StatusBarAlignment.Right, 100);
  item.name = 'Codewright';
  item.command = 'codewright.showControls';
  let generating = false;
  const render = () => {
    const settings = readSettings();
    const { text, tooltip } = statusText(settings.model, settings.reasoningEffort, generating);
    item.text = text;
    item.tooltip = tooltip;
  };
  // The first render reads every setting, which costs tens of milliseconds the first time in an
  // extension host: it runs right after activation instead of inside it.
  const firstRender = setTimeout(() => {
    render();
    item.show();
  }, 0);
  context.subscriptions.push(
    { dispose: () => clearTimeout(firstRender) },
    item,
    onSettingsChanged(render),
    onGenerating((value) => {
      generating = value;
      render();
    }),
  );
}
