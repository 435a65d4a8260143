// The Codewright side panel: a webview view that renders the chat. This class is glue: it
// validates what the webview posts, forwards chat actions to the ChatSession, and performs the
// few actions that need VS Code (links, clipboard, inserting code, settings).

import * as vscode from 'vscode';
import { modelControlsFor } from '../common/chat/modelChoices';
import { Disposable, disposeAll, toDisposal } from '../common/lifecycle';
import { AnswerLatency, type LatencyMilestone } from '../common/chat/answerLatency';
import { ChatSession } from '../common/chat/chatSession';
import type { ChatContext } from '../common/chat/chatTypes';
import { ConversationStore } from '../common/chat/conversationStore';
import { languageIdForFence } from '../common/chat/fenceLanguage';
import type { ExtensionMessage, ModelControls, WebviewMessage } from '../common/protocol';
import { parseWebviewMessage, replyToInvalidSend } from '../common/webviewMessages';
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
  /** Created on first use (see `session`), so activation does not load the stored chat. */
  private chatSession: ChatSession | undefined;
  private readonly viewDisposables: vscode.Disposable[] = [];
  private hasApiKey = false;
  private readonly patches = this.register(new VsCodePatchHost());
  private readonly readTools: VsCodeReadToolHost;
  /** The prompt box's @-mentions: the file list it ranks and the context a choice becomes. */
  private readonly mentions: MentionHost;
  /** The first read of whether a key exists (started at activation, long done when a panel loads). */
  private readonly keyState: Promise<void>;
  /** The webview of the current view has said 'ready' (its script runs and listens). */
  private webviewReady = false;
  /** Milestones of the last question asked from a command, until its first text is shown. */
  private latency: AnswerLatency | undefined;
  private readonly generating = this.register(new vscode.EventEmitter<boolean>());
  /** Fires when an answer starts or stops being generated (the status bar spins meanwhile). */
  readonly onDidChangeGenerating = this.generating.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly apiKeys: ApiKeyService,
    private readonly editorContext: EditorContextTracker,
    private readonly workspaceState: vscode.Memento,
  ) {
    super();
    this.readTools = new VsCodeReadToolHost(() => this.patches.workspace(), extensionUri);
    this.register(toDisposal(() => this.disposeView()));
    this.mentions = this.register(new MentionHost((glob, max, signal) => this.readTools.findFiles(glob, max, signal), editorContext, (message) => this.post(message)));
    // Nothing to update while no panel shows; a panel that opens gets all of it in its snapshot.
    this.register(onSettingsChanged(() => this.view && this.post({ type: 'controls', controls: this.controls() })));
    this.register(this.editorContext.onDidChange(() => this.view && this.post({ type: 'chips', chips: this.editorContext.gather().chips })));
    this.register(this.apiKeys.onDidChange(() => void this.refreshKeyState()));
    this.keyState = this.refreshKeyState();
  }

  /** The chat: the conversation that was open comes back from workspace state the first time it is needed. */
  private get session(): ChatSession {
    if (!this.chatSession) {
      this.chatSession = this.register(
        new ChatSession({
          store: new ConversationStore(this.workspaceState),
          settings: () => readSettings(),
          controls: () => this.controls(),
          connection: async () => {
            const connection = await this.apiKeys.connection(readSettings().baseURL);
            this.markLatency('key read');
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
        }),
      );
    }
    return this.chatSession;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.disposeView();
    this.view = view;
    this.webviewReady = false;
    this.markLatency('panel resolved');
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
        if (this.view === view) {
          this.view = undefined;
          this.webviewReady = false;
        }
        this.disposeView();
      }),
    );
  }

  /** Opens the panel and asks about the active editor's selection, or about `selection` when given. */
  async ask(prompt: string, displayPrompt: string, selection?: SelectionRecord, action?: ActionProfile): Promise<void> {
    this.latency = new AnswerLatency(() => performance.now());
    // The request starts while the panel opens: a panel that was never shown in this window takes
    // seconds to load its webview, and the answer (kept in the session) is in the snapshot it gets.
    // Mentioned files are read again now, so the question carries what they hold at this moment.
    await this.editorContext.mentions.refresh();
    const context = selection ? this.editorContext.gatherFor(selection) : undefined;
    const sending = this.session.send(
      prompt,
      displayPrompt,
      context && { selection: context.selection, files: context.files.included, chips: context.chips, projectInstructions: context.projectInstructions },
      action,
    );
    const [result] = await Promise.all([sending, this.reveal()]);
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
    this.chatSession?.stop();
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
    if (message.type === 'turnStarted') this.markLatency('turn started');
    else if (message.type === 'turnDelta' && message.answer) this.markLatency('first text posted');
    // A turn that ended without answer text (an error, a stop) has no first text to time.
    else if (message.type === 'turnEnded' && !this.latency?.has('first text posted')) this.latency = undefined;
    if (message.type === 'generating') {
      void vscode.commands.executeCommand('setContext', GENERATING_CONTEXT, message.generating);
      this.generating.fire(message.generating);
    }
    void this.view?.webview.postMessage(message);
  }

  /** Records a milestone of the pending question; logs them all once its first text is in a ready webview. */
  private markLatency(milestone: LatencyMilestone): void {
    const latency = this.latency;
    if (!latency) return;
    latency.mark(milestone);
    if (latency.has('first text posted') && this.webviewReady) {
      latency.mark('first text shown');
      log.info(`first answer text: ${latency.describe()}`);
      this.latency = undefined;
    }
  }

  private postSnapshot(): void {
    this.post({ type: 'snapshot', snapshot: this.session.snapshot(this.hasApiKey, this.isDemo()) });
  }

  private isDemo(): boolean {
    return Boolean(process.env.CODEWRIGHT_DEMO_BASE_URL?.trim());
  }

  private async refreshKeyState(): Promise<void> {
    try {
      this.hasApiKey = await this.apiKeys.hasKey();
    } catch (err) {
      // The panel still opens; a request reads the key again and says what is wrong.
      log.warn(`could not read the API key from secret storage: ${describeError(err)}`);
    }
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
        // No new secret read here: the key state was read at activation and is kept current on change.
        await this.keyState;
        this.postSnapshot();
        this.webviewReady = true;
        this.markLatency('webview ready');
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
