// The model settings tests send with, in one place: when a setting is added to RequestSettings,
// only this fixture changes. A test states only what it cares about, as overrides.
import type { ChatSettings } from '../../src/common/chat/chatTypes';
import type { RequestSettings } from '../../src/common/responses';

/** gpt-5, low effort, automatic reasoning summary, medium verbosity, no output cap, stored responses. */
export function testRequestSettings(overrides: Partial<RequestSettings> = {}): RequestSettings {
  return {
    model: 'gpt-5',
    reasoningEffort: 'low',
    reasoningSummary: 'auto',
    verbosity: 'medium',
    maxOutputTokens: null,
    store: true,
    ...overrides,
  };
}

/** testRequestSettings plus what a chat session needs (a 30 s idle timeout). */
export function testChatSettings(overrides: Partial<ChatSettings> = {}): ChatSettings {
  return { ...testRequestSettings(), idleTimeoutSeconds: 30, ...overrides };
}
