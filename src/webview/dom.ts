// A tiny element builder. Text always goes in as text nodes; the only HTML the webview inserts
// is the sanitized output of the markdown renderer.

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

export function iconButton(name: string, label: string, action: string, extra: Record<string, string> = {}): HTMLButtonElement {
  return h('button', { className: 'icon-button', attrs: { type: 'button', title: label, 'aria-label': label, 'data-action': action, ...extra } }, icon(name));
}

export function textButton(label: string, action: string, iconName?: string, extra: Record<string, string> = {}): HTMLButtonElement {
  return h(
    'button',
    { className: 'text-button', attrs: { type: 'button', 'data-action': action, ...extra } },
    iconName ? icon(iconName) : null,
    label,
  );
}
