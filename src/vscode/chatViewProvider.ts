// The Codewright side panel: a webview view that renders the chat. This class is glue: it
// validates what the webview posts, forwards chat actions to the ChatSession, and performs the
// few actions that need VS Code (links, clipboard, inserting code, settings).

import * as vscode from 'vscode';
import { modelControlsFor } from '../common/chat/modelChoices';
import { Disposable, disposeAll, toDisposal } from '../common/lifecycle';
import { ChatSession } from '../common/chat/chatSession';
import type { ChatContext } from '../common/chat/chatTypes';
import { ConversationStore } from '../common/chat/conversationStore';
import { languageIdForFence } from '../common/chat/fenceLanguage';
import {
  parseWebviewMessage,
  replyToInvalidSend,
  type ExtensionMessage,
  type ModelControls,
  type WebviewMessage,
} from '../common/protocol';
import { externalLinkConfirmation } from '../common/externalLink';
import { buildWebviewHtml, createNonce } from '../common/webviewHtml';
import { chatWebviewOptions } from '../common/webviewOptions';
import { ApiKeyService } from './apiKey';
import { EditorContextTracker, type SelectionRecord } from './editorContext';
import { VsCodePatchHost } from './patchHost';
import { VsCodeReadToolHost } from './tools/vscodeReadToolHost';
import { MentionHost } from './mentionHost';
import type { ActionProfile } from '../common/tools/actionProfiles';
import { logger } from './log';
import { onSettingsChanged, readSettings, updateControl } from './settings';
import { describeError } from '../common/describeError';

export const CHAT_VIEW_ID = 'codewright.chatView';
const GENERATING_CONTEXT = 'codewright.generating';
const OPEN_LINK = 'Open Link';

const log = logger('chat');

export class ChatViewProvider extends Disposable implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private readonly session: ChatSession;
  private readonly viewDisposables: vscode.Disposable[] = [];
  private hasApiKey = false;
  private readonly patches = this.register(new VsCodePatchHost());
  private readonly readTools = new VsCodeReadToolHost(() => this.patches.workspace());
  /** The prompt box's @-mentions: the file list it ranks and the context a choice becomes. */
  private readonly mentions: MentionHost;
  private readonly generating = this.register(new vscode.EventEmitter<boolean>());
  /** Fires when an answer starts or stops being generated (the status bar spins meanwhile). */
  readonly onDidChangeGenerating = this.generating.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly apiKeys: ApiKeyService,
    private readonly editorContext: EditorContextTracker,
    workspaceState: vscode.Memento,
  ) {
    super();
    this.register(toDisposal(() => this.disposeView()));
    this.session = new ChatSession({
      store: new ConversationStore(workspaceState),
      settings: () => readSettings(),
      controls: () => this.controls(),
      connection: async () => {
        const connection = await this.apiKeys.connection(readSettings().baseURL);
        return connection ? { apiKey: connection.apiKey, baseURL: connection.baseURL, demo: connection.source === 'demo' } : undefined;
      },
      context: () => this.sessionContext(),
      contextConsumed: () => this.editorContext.resetRemovals(),
      post: (message) => this.post(message),
      missingKey: () => void this.offerSetApiKey(),
      log,
      newId: () => globalThis.crypto.randomUUID(),
      patches: this.patches,
      readTools: this.readTools,
    });
    this.mentions = this.register(new MentionHost((glob, max, signal) => this.readTools.findFiles(glob, max, signal), editorContext, (message) => this.post(message)));
    this.register(this.session);
    this.register(onSettingsChanged(() => this.post({ type: 'controls', controls: this.controls() })));
    this.register(this.editorContext.onDidChange(() => this.post({ type: 'chips', chips: this.editorContext.gather().chips })));
    this.register(this.apiKeys.onDidChange(() => void this.refreshKeyState()));
    void this.refreshKeyState();
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.disposeView();
    this.view = view;
    const webview = view.webview;
    webview.options = chatWebviewOptions((folder) => vscode.Uri.joinPath(this.extensionUri, folder));
    try {
      webview.html = this.html(webview);
    } catch (err) {
      log.error(`could not build the chat view: ${describeError(err)}`);
      throw err;
    }
    this.viewDisposables.push(
      webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      view.onDidDispose(() => {
        if (this.view === view) this.view = undefined;
        this.disposeView();
      }),
    );
  }

  /** Opens the panel and asks about the active editor's selection, or about `selection` when given. */
  async ask(prompt: string, displayPrompt: string, selection?: SelectionRecord, action?: ActionProfile): Promise<void> {
    await this.reveal();
    await this.editorContext.mentions.refresh();
    const context = selection ? this.editorContext.gatherFor(selection) : undefined;
    const result = await this.session.send(
      prompt,
      displayPrompt,
      context && { selection: context.selection, files: context.files.included, chips: context.chips, projectInstructions: context.projectInstructions },
      action,
    );
    if (!result.ok) void vscode.window.showWarningMessage(`Codewright: ${result.error}`);
  }

  /** Adds the active editor's file to the next request's context, as the panel's "Add current file" does. */
  async addCurrentFile(): Promise<void> {
    const label = this.editorContext.addCurrentFile();
    if (!label) {
      void vscode.window.showInformationMessage('Codewright: open a file in an editor to add it.');
      return;
    }
    await this.reveal();
  }

  async reveal(): Promise<void> {
    await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
  }

  stop(): void {
    this.session.stop();
  }

  async newChat(): Promise<void> {
    await this.session.newChat();
    this.postSnapshot();
  }

  async focusPrompt(): Promise<void> {
    await this.reveal();
    this.post({ type: 'focusPrompt' });
  }

  // ---- internals ----

  private disposeView(): void {
    disposeAll(this.viewDisposables.splice(0));
  }

  private html(webview: vscode.Webview): string {
    const asset = (...segments: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...segments)).toString();
    return buildWebviewHtml({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: asset('dist', 'webview.js'),
      styleUris: [asset('dist', 'codicons', 'codicon.css'), asset('media', 'markdown.css'), asset('media', 'chat.css')],
      title: 'Codewright',
    });
  }

  private sessionContext(): ChatContext {
    const gathered = this.editorContext.gather();
    return { selection: gathered.selection, files: gathered.files.included, chips: gathered.chips, projectInstructions: gathered.projectInstructions };
  }

  private controls(): ModelControls {
    return modelControlsFor(readSettings());
  }

  private post(message: ExtensionMessage): void {
    if (message.type === 'generating') {
      void vscode.commands.executeCommand('setContext', GENERATING_CONTEXT, message.generating);
      this.generating.fire(message.generating);
    }
    void this.view?.webview.postMessage(message);
  }

  private postSnapshot(): void {
    this.post({ type: 'snapshot', snapshot: this.session.snapshot(this.hasApiKey, this.isDemo()) });
  }

  private isDemo(): boolean {
    return Boolean(process.env.CODEWRIGHT_DEMO_BASE_URL?.trim());
  }

  private async refreshKeyState(): Promise<void> {
    this.hasApiKey = await this.apiKeys.hasKey();
    this.post({ type: 'apiKeyState', hasApiKey: this.hasApiKey });
  }

  private async offerSetApiKey(): Promise<void> {
    const choice = await vscode.window.showErrorMessage(
      'Codewright needs an OpenAI API key. Set one now, or set the OPENAI_API_KEY environment variable and restart VS Code.',
      'Set API Key',
    );
    if (choice === 'Set API Key') await vscode.commands.executeCommand('codewright.setApiKey');
  }

  private async receive(raw: unknown): Promise<void> {
    const message = parseWebviewMessage(raw);
    if (!message) {
      const type = typeof raw === 'object' && raw !== null && 'type' in raw ? String((raw as { type: unknown }).type) : typeof raw;
      log.warn(`ignored an invalid message from the webview (type: ${type.slice(0, 40)})`);
      const reply = replyToInvalidSend(raw);
      if (reply) this.post(reply);
      return;
    }
    try {
      await this.handle(message);
    } catch (err) {
      log.error(`handling ${message.type} failed: ${describeError(err)}`);
    }
  }

  private async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.hasApiKey = await this.apiKeys.hasKey();
        this.postSnapshot();
        return;
      case 'send': {
        // Mentioned files are read again, so the model gets what they hold now.
        await this.editorContext.mentions.refresh();
        const images = message.images ?? [];
        const result = await this.session.send(message.prompt, message.prompt, images.length > 0 ? { ...this.sessionContext(), images } : undefined);
        this.post({ type: 'reply', requestId: message.requestId, ok: result.ok, error: result.ok ? undefined : result.error });
        return;
      }
      case 'stop':
        this.session.stop();
        return;
      case 'retry':
      case 'continue': {
        const result = message.type === 'retry' ? this.session.retry(message.turnId) : this.session.continue(message.turnId);
        if (!result.ok) log.warn(`${message.type} refused: ${result.error}`);
        return;
      }
      case 'newChat':
        await this.newChat();
        return;
      case 'newChatWithSummary': {
        // The new, empty chat is shown first; its summary turn then streams into it.
        const result = await this.session.newChatWithSummary(() => this.postSnapshot());
        if (!result.ok) void vscode.window.showInformationMessage(`Codewright: ${result.error}`);
        return;
      }
      case 'openConversation':
        if (await this.session.open(message.conversationId)) this.postSnapshot();
        else log.warn('asked to open a conversation that does not exist');
        return;
      case 'deleteConversation': {
        const wasOpen = message.conversationId === this.session.conversationId;
        if (!(await this.session.delete(message.conversationId))) log.warn('asked to delete a conversation that does not exist');
        if (wasOpen) this.postSnapshot();
        else this.post({ type: 'history', history: this.session.snapshot(this.hasApiKey, this.isDemo()).history });
        return;
      }
      case 'setControl':
        await updateControl(message.control, message.value);
        return;
      case 'removeChip':
        if (!this.editorContext.removeChip(message.chipId)) log.warn('asked to remove an unknown context chip');
        return;
      case 'addChip':
        if (!this.editorContext.addChip(message.chipId)) log.warn('asked to add a context chip that is not held back');
        return;
      case 'mentionQuery':
        await this.mentions.query(message.requestId, message.query);
        return;
      case 'addMention': {
        const result = await this.mentions.add(message.mention);
        this.post({ type: 'reply', requestId: message.requestId, ok: result.ok, error: result.ok ? undefined : result.error });
        return;
      }
      case 'addCurrentFile':
        if (!this.editorContext.addCurrentFile()) void vscode.window.showInformationMessage('Codewright: open a file in an editor to add it.');
        return;
      case 'openLink':
        await this.openLink(message.href);
        return;
      case 'copyCode':
        await vscode.env.clipboard.writeText(message.code);
        return;
      case 'insertCode':
        await this.insertCode(message.code);
        return;
      case 'newFileWithCode': {
        const known = new Set(await vscode.languages.getLanguages());
        const document = await vscode.workspace.openTextDocument({ content: message.code, language: languageIdForFence(message.language, known) });
        await vscode.window.showTextDocument(document);
        return;
      }
      case 'setApiKey':
        await vscode.commands.executeCommand('codewright.setApiKey');
        return;
      case 'previewProposal':
      case 'applyProposal':
      case 'rejectProposal': {
        if (!this.session.hasProposal(message.proposalId)) {
          log.warn(`ignored ${message.type} for an unknown proposal`);
          return;
        }
        const result =
          message.type === 'previewProposal'
            ? await this.session.previewProposal(message.proposalId)
            : message.type === 'applyProposal'
              ? await this.session.applyProposal(message.proposalId)
              : this.session.rejectProposal(message.proposalId, message.reason);
        if (!result.ok) {
          log.warn(`${message.type} refused: ${result.error}`);
          void vscode.window.showWarningMessage(`Codewright: ${result.error}`);
        }
        return;
      }
      case 'toolConsent':
        if (!this.session.answerToolConsent(message.callId, message.allow)) log.warn('ignored a consent answer for a call that no longer waits');
        return;
      case 'openSettings':
        await vscode.commands.executeCommand('workbench.action.openSettings', '@ext:codewright.codewright');
        return;
    }
  }

  /**
   * Opens an http(s) link from the chat only after the user saw its full URL and said yes — for
   * every host, because VS Code opens loopback and trusted-domain links without asking.
   */
  private async openLink(href: string): Promise<void> {
    const confirmation = externalLinkConfirmation(href);
    if (!confirmation) {
      log.warn('ignored a link with a scheme that is not http(s)');
      return;
    }
    const choice = await vscode.window.showWarningMessage(confirmation.message, { modal: true, detail: confirmation.detail }, OPEN_LINK);
    if (choice === OPEN_LINK) await vscode.env.openExternal(vscode.Uri.parse(confirmation.url, true));
  }

  private async insertCode(code: string): Promise<void> {
    const editor = this.editorContext.editor;
    if (!editor) {
      void vscode.window.showInformationMessage('Codewright: open an editor and place the cursor where the code should go.');
      return;
    }
    await editor.edit((builder) => {
      for (const selection of editor.selections) builder.replace(selection, code);
    });
  }
}
