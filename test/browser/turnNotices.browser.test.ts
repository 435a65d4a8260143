// What the panel tells the user about how a turn went beyond its answer: a conversation that was
// resent, an edit the model has not heard about, and which output limit cut an answer.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ChatSnapshot, ContextChip, ExtensionMessage, TurnView, WebviewMessage } from '../../src/common/protocol';
import { useWebviewPages } from '../harness/webviewPageSetup';
import { openPanel, panelSnapshot } from './panelFixtures';

const panel = useWebviewPages();

function turn(overrides: Partial<TurnView> = {}): TurnView {
  return { id: 't1', prompt: 'Explain this', contextLabels: [], answer: 'An answer.', reasoning: '', refusal: '', status: 'completed', ...overrides };
}

function snapshot(turns: TurnView[], chips: ContextChip[] = []): ChatSnapshot {
  return panelSnapshot({ turns, chips });
}

async function openWith(...messages: ExtensionMessage[]): Promise<Page> {
  return openPanel(panel, ...messages);
}

const footer = { model: 'gpt-5', reasoningEffort: 'medium' as const, verbosity: 'medium' as const, elapsedMs: 1200 };

describe('notices on a turn', () => {
  it('says when the conversation was sent again in full, while it streams and after', async () => {
    const note = 'The server no longer had this conversation, so the whole conversation was sent again.';
    const page = await openWith(
      { type: 'snapshot', snapshot: snapshot([]) },
      { type: 'turnStarted', turn: turn({ status: 'streaming', answer: '' }) },
      { type: 'turnStarted', turn: turn({ status: 'streaming', answer: '', notes: [note] }) },
    );
    expect(await page.locator('article[data-turn-id="t1"] .turn-note').allTextContents()).toEqual([` ${note}`]);
    await page.evaluate(`window.postMessage(${JSON.stringify({ type: 'turnEnded', turn: turn({ notes: [note] }) })}, '*')`);
    await page.waitForFunction(() => document.querySelector('article[data-turn-id="t1"]')?.getAttribute('data-status') === 'completed');
    expect(await page.locator('article[data-turn-id="t1"] .turn-note').count()).toBe(1);
    await page.close();
  });

  it('does not claim the model was told about an edit it never heard of', async () => {
    const files = [{ path: 'src/a.ts', operation: 'update' as const, added: 1, removed: 1 }];
    const page = await openWith({
      type: 'snapshot',
      snapshot: snapshot([
        turn({
          proposals: [
            { id: 'told', status: 'invalid', files, error: 'Context not found.' },
            { id: 'stopped', status: 'invalid', files, error: 'Context not found.', notSentToModel: 'retries-stopped' },
            { id: 'cut', status: 'invalid', files, error: 'The answer ended before the patch was complete.', notSentToModel: 'answer-ended' },
          ],
        }),
      ]),
    });
    const statusOf = (id: string) => page.locator(`[data-proposal-id="${id}"] .proposal-status`).textContent();
    expect(await statusOf('told')).toContain('the model was told why');
    const stopped = await statusOf('stopped');
    expect(stopped).not.toContain('was told');
    expect(stopped).toContain('Automatic retries stopped');
    expect(stopped).toContain('your next message sends it');
    const cut = await statusOf('cut');
    expect(cut).not.toContain('was told');
    expect(cut).toContain('Retry the answer');
    await page.close();
  });

  it('names codewright.maxOutputTokens only when that setting cut the answer', async () => {
    const page = await openWith({
      type: 'snapshot',
      snapshot: snapshot([
        turn({ id: 'own', status: 'incomplete', incompleteReason: 'max_output_tokens', footer }),
        turn({ id: 'set', status: 'incomplete', incompleteReason: 'max_output_tokens', footer: { ...footer, maxOutputTokens: 2048 } }),
      ]),
    });
    const own = await page.locator('article[data-turn-id="own"] .turn-status').textContent();
    expect(own).toContain("model's own output token limit");
    expect(own).not.toContain('codewright.maxOutputTokens');
    expect(await page.locator('article[data-turn-id="set"] .turn-status').textContent()).toContain('codewright.maxOutputTokens: 2048');
    await page.close();
  });

  it('shows each open file the context budget left out, with why, and lets the user dismiss it', async () => {
    const advice = 'It is 8.0 MB, more than the 256.0 KB sent per file. Select the part you need and ask about the selection.';
    const page = await openWith({
      type: 'snapshot',
      snapshot: snapshot(
        [],
        [
          { id: 'file:a', kind: 'file', label: 'src/a.ts', detail: '1.2 KB' },
          { id: 'file:big', kind: 'file', label: 'big.log', detail: 'not sent — larger than 256.0 KB', overBudget: advice },
        ],
      ),
    });
    const chip = page.locator('.chip', { hasText: 'big.log' });
    expect(await chip.getAttribute('class')).toContain('chip-held');
    expect(await chip.textContent()).toContain('not sent — larger than 256.0 KB');
    expect(await chip.getAttribute('title')).toContain(advice);
    const dismiss = chip.locator('button');
    expect(await dismiss.getAttribute('aria-label')).toBe(`Dismiss big.log (not sent). ${advice}`);
    const before = ((await page.evaluate('window.__posted')) as WebviewMessage[]).length;
    await dismiss.click();
    expect(((await page.evaluate('window.__posted')) as WebviewMessage[]).slice(before)).toEqual([{ type: 'removeChip', chipId: 'file:big' }]);
    await page.close();
  });
});
