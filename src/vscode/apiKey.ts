// The API key lives only in SecretStorage (or the OPENAI_API_KEY environment variable).
// It is never written to settings, state, logs or webview messages.

import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import { registerSecret } from './log';

const SECRET_KEY = 'codewright.openaiApiKey';
/** Set by `npm start` when no OPENAI_API_KEY is available: talk to the local scripted demo server. */
export const DEMO_BASE_URL_ENV = 'CODEWRIGHT_DEMO_BASE_URL';
const DEMO_KEY = 'codewright-demo-key';

export type ApiKeySource = 'secret-storage' | 'environment' | 'demo';

export interface ApiConnection {
  apiKey: string;
  /** Empty means OpenAI's default endpoint. */
  baseURL: string;
  source: ApiKeySource;
}

export function demoBaseURL(): string | undefined {
  const value = process.env[DEMO_BASE_URL_ENV]?.trim();
  return value ? value : undefined;
}

/** Returns an error text for an unusable key, or undefined when the key looks usable. */
export function validateApiKeyInput(value: string): string | undefined {
  const key = value.trim();
  if (key === '') return 'Enter your OpenAI API key (it starts with "sk-").';
  if (/\s/.test(key)) return 'An API key has no spaces or line breaks.';
  if (key.length < 8) return 'That is too short to be an API key.';
  if (key.length > 512) return 'That is too long to be an API key.';
  return undefined;
}

export class ApiKeyService extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  /**
   * The stored key, read once and kept until it changes: in VS Code for the Web and remote windows
   * every SecretStorage read is a round trip to the window, which is busy loading the panel just
   * when the first question of a window is sent.
   */
  private storedKey: Promise<string | undefined> | undefined;

  constructor(private readonly secrets: vscode.SecretStorage) {
    super();
    this.register(
      secrets.onDidChange((event) => {
        if (event.key !== SECRET_KEY) return;
        this.storedKey = undefined;
        this.changed.fire();
      }),
    );
    registerSecret(process.env.OPENAI_API_KEY);
  }

  /** The key and endpoint to use, or undefined when there is no key anywhere. */
  async connection(userBaseURL: string): Promise<ApiConnection | undefined> {
    const demo = demoBaseURL();
    if (demo) return { apiKey: DEMO_KEY, baseURL: demo, source: 'demo' };
    const stored = await this.readStoredKey();
    if (stored) {
      registerSecret(stored);
      return { apiKey: stored, baseURL: userBaseURL, source: 'secret-storage' };
    }
    const fromEnv = process.env.OPENAI_API_KEY?.trim();
    if (fromEnv) return { apiKey: fromEnv, baseURL: userBaseURL, source: 'environment' };
    return undefined;
  }

  private readStoredKey(): Promise<string | undefined> {
    if (!this.storedKey) {
      const reading = Promise.resolve(this.secrets.get(SECRET_KEY));
      this.storedKey = reading;
      // A failed read is not remembered: the next request asks the secret storage again.
      reading.catch(() => {
        if (this.storedKey === reading) this.storedKey = undefined;
      });
    }
    return this.storedKey;
  }

  async hasKey(): Promise<boolean> {
    return (await this.connection('')) !== undefined;
  }

  /** Asks for the key in a password box and stores it. Returns true when a key was stored. */
  async promptAndStore(): Promise<boolean> {
    const value = await vscode.window.showInputBox({
      title: 'Codewright: Set API Key',
      prompt: 'Your OpenAI API key. It is kept in VS Code\'s secret storage and sent only to the API endpoint.',
      placeHolder: 'sk-...',
      password: true,
      ignoreFocusOut: true,
      validateInput: (input) => validateApiKeyInput(input),
    });
    if (value === undefined) return false;
    const key = value.trim();
    if (validateApiKeyInput(key)) return false;
    registerSecret(key);
    this.storedKey = undefined;
    await this.secrets.store(SECRET_KEY, key);
    this.storedKey = undefined;
    return true;
  }

  async clear(): Promise<void> {
    this.storedKey = undefined;
    await this.secrets.delete(SECRET_KEY);
    this.storedKey = undefined;
  }
}
