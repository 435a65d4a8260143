// The project's instruction files in the chips row, in headless Chromium under the real CSP: each
// file that goes with the next request is a chip with a book icon that removes it for that request;
// one that was not read says why and can only be dismissed; their bytes count in the estimate.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ChatSnapshot, ContextChip } from '../../src/common/protocol';
import { useWebviewPages } from '../harness/webviewPageSetup';
import { openPanel, panelSnapshot, postedByPanel } from './panelFixtures';

const panel = useWebviewPages();

const AGENTS: ContextChip = { id: 'instructions:AGENTS.md', kind: 'instructions', label: 'AGENTS.md', detail: 'agent instructions · 1.2 KB', bytes: 1229 };
const REFUSED: ContextChip = {
  id: 'instructions:src/AGENTS.md',
  kind: 'instructions',
  label: 'src/AGENTS.md',
  detail: 'not read',
  overBudget: 'Not read: The path "src/AGENTS.md" leads outside the workspace folder (through a symbolic link); only workspace files can be read.',
};

function snapshot(chips: ContextChip[]): ChatSnapshot {
  return panelSnapshot({ chips, controls: { model: 'gpt-5', reasoningEffort: 'medium', verbosity: 'medium', modelSuggestions: ['gpt-5'], efforts: ['medium'], verbosities: ['medium'] } });
}

const posted = postedByPanel;

async function openApp(chips: ContextChip[]): Promise<Page> {
  return openPanel(panel, { type: 'snapshot', snapshot: snapshot(chips) });
}

describe('instruction file chips', () => {
  it('shows an instruction file with a book icon, and its remove button drops it from the next request', async () => {
    const page = await openApp([AGENTS]);
    const chip = page.locator('.chip.chip-instructions');
    expect(await chip.textContent()).toBe('AGENTS.mdagent instructions · 1.2 KB');
    expect(await chip.locator('.codicon-book').count()).toBe(1);
    const remove = chip.locator('button[data-action="remove-chip"]');
    expect(await remove.getAttribute('aria-label')).toBe("Don't send AGENTS.md");
    const before = (await posted(page)).length;
    await remove.click();
    expect((await posted(page)).slice(before)).toEqual([{ type: 'removeChip', chipId: 'instructions:AGENTS.md' }]);
    await page.close();
  });

  it('shows a file that was not read as held, with why, and only lets the user dismiss it', async () => {
    const page = await openApp([AGENTS, REFUSED]);
    const chip = page.locator('.chip.chip-instructions.chip-held');
    expect(await chip.count()).toBe(1);
    expect(await chip.getAttribute('title')).toBe(`src/AGENTS.md — ${REFUSED.overBudget}`);
    expect(await chip.locator('button[data-action="add-chip"]').count()).toBe(0);
    expect(await chip.locator('button[data-action="remove-chip"]').getAttribute('aria-label')).toBe(`Dismiss src/AGENTS.md (not sent). ${REFUSED.overBudget}`);
    await page.close();
  });
});
