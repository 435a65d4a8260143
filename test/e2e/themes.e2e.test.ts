// The chat panel in VS Code's own light, dark and high-contrast themes, in a real VS Code
// (code-server): every piece of text the panel shows — header controls, prompt, chips, thinking,
// answer markdown with highlighted code, footer, error, patch proposal — stays readable against
// what is behind it (WCAG AA contrast), and keyboard focus is visible on every control.
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { httpErrorReply, type FakeResponsesServer } from '../fake-server/fakeResponsesServer';
import { openChatWorkbench, sendFromPanel, until, type ChatWorkbench } from '../harness/chatWorkbench';
import { runCommand, selectLines } from '../harness/workbench';

const FILE = 'src/shapes.ts';
const SOURCE = ['export function area(width: number, height: number): number {', '  return width * height;', '}', ''].join('\n');

const ANSWER = [
  '## What `area` does',
  '',
  'It multiplies the sides. See [the docs](https://example.com/docs) and note:',
  '',
  '> Negative sides give a negative area.',
  '',
  '| input | result |',
  '| --- | --- |',
  '| 2, 3 | 6 |',
  '',
  '- [x] reads both sides',
  '- [ ] validates them',
  '',
  '```ts',
  '// multiply the sides',
  'export function area(width: number, height: number): number {',
  "  const label = 'area';",
  '  return width * height + 0;',
  '}',
  '```',
  '',
].join('\n');

// The second file is sensitive, so the card shows its warning badge too.
const PATCH = [
  '*** Begin Patch',
  `*** Update File: ${FILE}`,
  '@@',
  '-  return width * height;',
  '+  return Math.abs(width * height);',
  '*** Add File: .env.local',
  '+AREA_UNITS=cm',
  '*** End Patch',
].join('\n');

/** A piece of text, an icon or a focus ring whose colour fails against its background. */
interface ContrastFinding {
  what: string;
  text: string;
  ratio: number;
  needed: number;
  color: string;
  background: string;
}

/**
 * Runs in the webview: every visible element with its own text (and every form control's value and
 * placeholder, and every codicon) is checked against the colour behind it, composited up through
 * its ancestors' backgrounds and opacities. Text needs 4.5:1 (3:1 when large), icons 3:1.
 */
function auditContrast(): { checked: number; seen: string[]; failures: ContrastFinding[] } {
  type Rgba = { r: number; g: number; b: number; a: number };
  // Computed colours come as rgb()/rgba(), or as color(srgb …) (0–1 channels) for color-mix().
  const parse = (value: string): Rgba | null => {
    const rgb = /rgba?\(([^)]+)\)/.exec(value);
    const srgb = /color\(srgb ([^)]+)\)/.exec(value);
    const match = rgb ?? srgb;
    if (!match) return null;
    const parts = match[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    const scale = srgb ? 255 : 1;
    return { r: parts[0] * scale, g: parts[1] * scale, b: parts[2] * scale, a: parts.length > 3 ? parts[3] : 1 };
  };
  const over = (top: Rgba, bottom: Rgba): Rgba => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a),
    a: 1,
  });
  const luminance = (c: Rgba): number => {
    const channel = (v: number) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  };
  const ratio = (a: Rgba, b: Rgba): number => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const css = (c: Rgba) => `rgb(${Math.round(c.r)}, ${Math.round(c.g)}, ${Math.round(c.b)})`;

  /** The opaque colour behind `el`: its own and its ancestors' backgrounds, composited. */
  const backgroundOf = (el: Element, pseudo?: string): Rgba => {
    const layers: Rgba[] = [];
    for (let node: Element | null = el; node; node = node.parentElement) {
      const style = getComputedStyle(node, node === el ? pseudo : undefined);
      const bg = parse(style.backgroundColor);
      if (bg && bg.a > 0) layers.push(bg);
      if (bg && bg.a >= 1) break;
    }
    // The webview's page is drawn over the side bar, which VS Code paints opaque.
    let result: Rgba = parse(getComputedStyle(document.body).backgroundColor) ?? { r: 255, g: 255, b: 255, a: 1 };
    if (result.a < 1) result = over(result, { r: 255, g: 255, b: 255, a: 1 });
    for (const layer of layers.reverse()) result = over(layer, result);
    return result;
  };
  const opacityOf = (el: Element): number => {
    let opacity = 1;
    for (let node: Element | null = el; node; node = node.parentElement) opacity *= Number(getComputedStyle(node).opacity);
    return opacity;
  };
  const describe = (el: Element): string => {
    const classes = [...el.classList].slice(0, 2).join('.');
    const parent = el.parentElement ? [...el.parentElement.classList].slice(0, 1).join('.') : '';
    return `${parent ? `.${parent} > ` : ''}${el.tagName.toLowerCase()}${classes ? `.${classes}` : ''}`;
  };
  const visible = (el: Element): boolean =>
    el.getClientRects().length > 0 &&
    el.checkVisibility({ visibilityProperty: true }) &&
    !el.closest('.visually-hidden, [aria-hidden="true"]:not(.codicon)') &&
    !el.closest(':disabled, [aria-disabled="true"]');

  const probe = document.createElement('span');
  probe.style.color = 'var(--vscode-input-placeholderForeground)';
  document.body.append(probe);
  const themePlaceholder = getComputedStyle(probe).color;
  probe.remove();

  const failures: ContrastFinding[] = [];
  const seen = new Set<string>();
  let checked = 0;
  const check = (el: Element, what: string, text: string, colorValue: string, needed: number, pseudo?: string) => {
    const fg = parse(colorValue);
    if (!fg) return;
    const bg = backgroundOf(el, pseudo);
    const shown = over({ ...fg, a: fg.a * opacityOf(el) }, bg);
    const value = ratio(shown, bg);
    checked++;
    seen.add(what);
    if (value + 1e-6 < needed) failures.push({ what, text: text.slice(0, 40), ratio: Math.round(value * 100) / 100, needed, color: css(shown), background: css(bg) });
  };

  for (const el of document.querySelectorAll('#codewright-app *')) {
    if (!visible(el)) continue;
    const style = getComputedStyle(el);
    if (el.classList.contains('codicon')) {
      check(el, `icon ${describe(el)}`, [...el.classList].join(' '), getComputedStyle(el, '::before').color, 3);
      continue;
    }
    if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) {
      if (el.value) check(el, `value of ${describe(el)}`, el.value, style.color, 4.5);
      // Placeholders use the theme's placeholder colour, exactly as VS Code's own input boxes do.
      if (el.placeholder) {
        checked++;
        const placeholder = getComputedStyle(el, '::placeholder').color;
        if (placeholder !== themePlaceholder) {
          failures.push({ what: `placeholder of ${describe(el)}`, text: el.placeholder, ratio: 0, needed: 0, color: placeholder, background: `theme placeholder colour ${themePlaceholder}` });
        }
      }
      continue;
    }
    if (el instanceof HTMLSelectElement) {
      check(el, `select ${describe(el)}`, el.selectedOptions[0]?.textContent ?? '', style.color, 4.5);
      continue;
    }
    const ownText = [...el.childNodes]
      .filter((node) => node.nodeType === Node.TEXT_NODE)
      .map((node) => node.textContent ?? '')
      .join('')
      .trim();
    if (!ownText) continue;
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    check(el, describe(el), ownText, style.color, large ? 3 : 4.5);
  }
  return { checked, seen: [...seen], failures };
}

// Labels as the theme picker shows them (VS Code 1.139 dropped the "Default" prefix).
const THEMES = [
  { id: 'Dark Modern', kind: 'vscode-dark' },
  { id: 'Light Modern', kind: 'vscode-light' },
  { id: 'Dark High Contrast', kind: 'vscode-high-contrast' },
  { id: 'Light High Contrast', kind: 'vscode-high-contrast-light' },
] as const;

describe('the chat panel in light, dark and high-contrast themes', () => {
  let env: ChatWorkbench;
  let fake: FakeResponsesServer;
  let page: Page;
  let frame: Frame;

  function lastTurn() {
    return frame.locator('article.turn').last();
  }

  /** Picks the theme as a user does: "Preferences: Color Theme", type its name, Enter. */
  async function switchTheme(id: string, kind: string): Promise<void> {
    await runCommand(page, 'Preferences: Color Theme');
    const box = page.locator('.quick-input-widget .quick-input-box input');
    await box.fill(id);
    const row = page.locator('.quick-input-widget .monaco-list-row .label-name', { hasText: new RegExp(`^(Default )?${id}$`) }).first();
    await row.waitFor({ timeout: 10_000 }).catch(async (err: Error) => {
      const shown = await page.locator('.quick-input-widget .monaco-list-row .label-name').allTextContents();
      throw new Error(`${err.message}; the theme picker shows ${JSON.stringify(shown)}`);
    });
    await box.press('Enter');
    await until(
      () => frame.evaluate((wanted) => document.body.classList.contains(wanted) && (wanted.includes('high-contrast') || !document.body.classList.contains('vscode-high-contrast')), kind),
      `the panel to take the theme "${id}"`,
      30_000,
    );
    // The theme's variables arrive with the class; give the panel two frames to restyle.
    await frame.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  }

  beforeAll(async () => {
    env = await openChatWorkbench({ name: 'themes', files: { [FILE]: SOURCE }, openFile: FILE });
    ({ fake, page, frame } = env);

    // A transcript with everything the panel can show: thinking, rich markdown, footer, an
    // actionable error, and a patch proposal waiting for the user.
    await selectLines(page, 1, 3);
    await until(async () => (await frame.locator('.chip-selection').count()) > 0, 'the selection chip');
    fake.enqueue({
      output: [
        { type: 'reasoning', summary: ['**Reading the function**\n\nIt takes two numbers and multiplies them.'] },
        { type: 'message', text: ANSWER, chunks: 8 },
      ],
      usage: { inputTokens: 1200, cachedTokens: 200, outputTokens: 300, reasoningTokens: 120 },
    });
    await sendFromPanel(frame, 'Explain area()');
    await until(async () => (await lastTurn().getAttribute('data-status')) === 'completed', 'the answer');
    await lastTurn().locator('.thinking summary, .thinking [data-action="toggle-thinking"]').first().click().catch(() => undefined);

    fake.enqueue(httpErrorReply(401));
    await sendFromPanel(frame, 'Again please');
    await until(async () => (await lastTurn().getAttribute('data-status')) === 'failed', 'the failed turn');

    fake.enqueue({ output: [{ type: 'custom_tool_call', name: 'apply_patch', input: PATCH, chunks: 4, callId: 'call_abs' }] });
    await sendFromPanel(frame, 'Make the area never negative');
    await until(async () => (await lastTurn().locator('.proposal [data-action="apply-proposal"]').count()) > 0, 'the patch proposal');
    await frame.locator('.prompt-input').fill('A draft question');
  });

  afterAll(async () => {
    await env?.close();
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(() => env?.screenshot(task.name));
  });

  for (const theme of THEMES) {
    it(`keeps every text, icon and focus ring readable in "${theme.id}"`, async () => {
      await switchTheme(theme.id, theme.kind);
      // Kept in test-results/ for a human look at each theme.
      await env.screenshot(`theme-${theme.id}`);
      const { checked, seen, failures } = await frame.evaluate(auditContrast);
      // The whole transcript was on screen and checked: thinking, highlighted code, the error, the
      // proposal with its sensitive badge, the chips and the header controls.
      expect(checked).toBeGreaterThan(60);
      for (const part of ['reasoning-body', 'hljs-keyword', 'hljs-string', 'hljs-number', 'status-error', 'proposal-removed', 'proposal-badge', 'chip-detail', 'turn-footer', 'select.control-effort', 'icon span.codicon']) {
        expect(seen.some((what) => what.includes(part)), `checked ${part}`).toBe(true);
      }
      expect(failures).toEqual([]);

      // Keyboard focus: walk back from the prompt with Shift+Tab (chips, proposal, error actions);
      // each control shows a ring of at least 3:1 against what is behind it.
      await frame.locator('.prompt-input').focus();
      const rings: { control: string; ratio: number }[] = [];
      for (let step = 0; step < 8; step++) {
        await page.keyboard.press('Shift+Tab');
        rings.push(
          await frame.evaluate(() => {
            const el = document.activeElement as HTMLElement;
            const style = getComputedStyle(el);
            const parse = (v: string) => (/rgba?\(([^)]+)\)/.exec(v)?.[1].split(/[\s,/]+/).filter(Boolean).map(Number) ?? [0, 0, 0, 0]);
            const lum = (p: number[]) =>
              p.slice(0, 3).reduce((sum, v, i) => {
                const s = v / 255;
                return sum + [0.2126, 0.7152, 0.0722][i] * (s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4);
              }, 0);
            let bg = [0, 0, 0, 0];
            for (let node: Element | null = el.parentElement; node && bg[3] === 0; node = node.parentElement) {
              const candidate = parse(getComputedStyle(node).backgroundColor);
              if ((candidate[3] ?? 1) > 0) bg = candidate;
            }
            const ring = parse(style.outlineColor);
            const visibleRing = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1 && (ring[3] ?? 1) > 0;
            const [hi, lo] = [lum(ring), lum(bg)].sort((a, b) => b - a);
            return { control: `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`, ratio: visibleRing ? Math.round(((hi + 0.05) / (lo + 0.05)) * 100) / 100 : 0 };
          }),
        );
      }
      expect(new Set(rings.map((ring) => ring.control)).size).toBeGreaterThan(4);
      expect(rings.filter((ring) => ring.ratio < 3)).toEqual([]);
    });
  }
});
