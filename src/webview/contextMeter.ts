// How full the model's context window is, shown in a turn's footer, with the way on once it is
// nearly full ("New Chat with Summary"); and the prompt cache's share of the input.
import type { TokenUsageView, TurnFooter } from '../common/protocol';
import { h, textButton } from './dom';

/** From this share of the window on, the meter warns and offers a new chat with a summary. */
export const CONTEXT_WARNING_RATIO = 0.8;

function thousands(tokens: number): string {
  return tokens >= 1000 ? `${Math.round(tokens / 1000)}k` : String(tokens);
}

/** "context 82% of 400k" (a warning past 80 %, with New Chat with Summary), or nothing. */
export function contextMeter(footer: TurnFooter): Node[] {
  const context = footer.context;
  if (!context || context.windowTokens <= 0) return [];
  const ratio = context.usedTokens / context.windowTokens;
  const full = ratio >= CONTEXT_WARNING_RATIO;
  const meter = h('span', {
    className: full ? 'context-meter context-meter-full' : 'context-meter',
    text: ` · context ${Math.min(100, Math.round(ratio * 100))}% of ${thousands(context.windowTokens)}`,
    attrs: { title: `${context.usedTokens.toLocaleString('en-US')} of ${context.windowTokens.toLocaleString('en-US')} tokens of ${footer.model}'s context window` },
  });
  return full ? [meter, textButton('New Chat with Summary', { type: 'new-chat-with-summary' }, 'comment-discussion')] : [meter];
}

/** "12,000 in (9,000 cached, 3,000 written to cache)". */
export function inputUsageText(usage: TokenUsageView): string {
  const cache: string[] = [];
  if (usage.cachedInputTokens) cache.push(`${usage.cachedInputTokens.toLocaleString('en-US')} cached`);
  if (usage.cacheWriteTokens) cache.push(`${usage.cacheWriteTokens.toLocaleString('en-US')} written to cache`);
  return `${usage.inputTokens.toLocaleString('en-US')} in${cache.length > 0 ? ` (${cache.join(', ')})` : ''}`;
}
