// Palette commands that pick the model, reasoning effort and verbosity, and the status bar item
// (model · effort, spinning while generating) that opens a quick pick of them.

import * as vscode from 'vscode';
import { effortChoices, modelChoices, statusText, verbosityChoices, type Choice } from '../common/chat/modelChoices';
import { readSettings, updateControl, onSettingsChanged } from './settings';

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

export async function selectModel(): Promise<void> {
  const current = readSettings().model;
  const choices: Choice<string>[] = [...modelChoices(current), { value: OTHER_MODEL, description: 'type a model name', picked: false }];
  const items: Pick<string>[] = choices.map((choice) => ({
    label: choice.value === OTHER_MODEL ? 'Other model…' : choice.picked ? `$(check) ${choice.value}` : choice.value,
    value: choice.value,
    description: choice.description,
  }));
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
  render();
  item.show();
  context.subscriptions.push(
    item,
    onSettingsChanged(render),
    onGenerating((value) => {
      generating = value;
      render();
    }),
  );
}
