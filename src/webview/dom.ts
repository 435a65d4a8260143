// A tiny element builder. Text always goes in as text nodes; the only HTML the webview inserts
// is the sanitized output of the markdown renderer.

import { bindAction, type UiAction } from './uiAction';

type Child = Node | string | null | undefined | false;

export interface ElementOptions {
  className?: string;
  attrs?: Record<string, string | undefined>;
  text?: string;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElementOptions = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (options.className) element.className = options.className;
  for (const [name, value] of Object.entries(options.attrs ?? {})) {
    if (value !== undefined) element.setAttribute(name, value);
  }
  if (options.text !== undefined) element.textContent = options.text;
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

export function icon(name: string): HTMLElement {
  return h('span', { className: `codicon codicon-${name}`, attrs: { 'aria-hidden': 'true' } });
}

/** A button showing only an icon; `extra` attributes name the item it acts on (kept for focus keeping). */
export function iconButton(name: string, label: string, action: UiAction, extra: Record<string, string> = {}): HTMLButtonElement {
  return bindAction(h('button', { className: 'icon-button', attrs: { type: 'button', title: label, 'aria-label': label, ...extra } }, icon(name)), action);
}

export function textButton(label: string, action: UiAction, iconName?: string, extra: Record<string, string> = {}): HTMLButtonElement {
  return bindAction(h('button', { className: 'text-button', attrs: { type: 'button', ...extra } }, iconName ? icon(iconName) : null, label), action);
}

const FOCUSABLE = 'button, input, select, textarea, a[href], summary, [tabindex]:not([tabindex="-1"])';

function focusables(container: Element): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((element) => !element.matches(':disabled'));
}

/** What makes a control "the same one" after a re-render: its kind, action and the item it acts on. */
function focusKey(element: HTMLElement): string {
  const data = [...element.attributes].filter((attr) => attr.name.startsWith('data-')).map((attr) => `${attr.name}=${attr.value}`);
  return [element.tagName, element.className, ...data].join('|');
}

/**
 * Runs `change`, which re-renders part of `container`, and gives keyboard focus back to the same
 * control in the new content — or, when that control is gone, to the one now at its place, or to
 * `fallback` when nothing focusable is left — so a re-render never drops a keyboard user's focus
 * to the page.
 */
export function keepingFocus(container: HTMLElement, change: () => void, fallback?: HTMLElement): void {
  const active = document.activeElement;
  if (!(active instanceof HTMLElement) || !container.contains(active)) {
    change();
    return;
  }
  const key = focusKey(active);
  const index = focusables(container).indexOf(active);
  const input = active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement ? { start: active.selectionStart, end: active.selectionEnd } : undefined;
  change();
  if (container.contains(active)) return;
  const after = focusables(container);
  const target = after.find((element) => focusKey(element) === key) ?? after[Math.min(Math.max(index, 0), after.length - 1)];
  if (!target) {
    fallback?.focus();
    return;
  }
  target.focus();
  if (input && (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) && focusKey(target) === key) {
    target.setSelectionRange(input.start, input.end);
  }
}
