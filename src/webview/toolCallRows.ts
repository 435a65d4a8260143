// The model's read-tool calls inside a turn: one compact row each ("Read `src/order.ts` 1–120"),
// a native <details> so Tab reaches it and Enter/Space opens it to the exact output the model
// received. A call waiting for consent shows the consent card with Allow once / Deny.

import type { ToolCallStatus, ToolCallView } from '../common/protocol';
import { h, icon, textButton } from './dom';

const STATUS_ICON: Record<ToolCallStatus, string> = {
  streaming: 'loading codicon-modifier-spin',
  running: 'loading codicon-modifier-spin',
  'awaiting-consent': 'shield',
  done: 'check',
  error: 'warning',
  denied: 'circle-slash',
  cancelled: 'debug-stop',
};

/** The label with its `code` spans as <code>, never as markup. */
function labelNodes(label: string): Node[] {
  return label.split(/(`[^`]*`)/).filter((part) => part !== '').map((part) => (part.startsWith('`') && part.endsWith('`') && part.length > 1 ? h('code', { text: part.slice(1, -1) }) : document.createTextNode(part)));
}

function consentCard(call: ToolCallView): HTMLElement | null {
  if (call.status !== 'awaiting-consent' || !call.consent) return null;
  return h(
    'div',
    { className: 'tool-consent', attrs: { role: 'group', 'aria-label': `Read ${call.consent.path}?` } },
    h('div', { className: 'tool-consent-text' }, 'The model wants to read ', h('code', { text: call.consent.path }), ` — ${call.consent.reason}.`),
    h(
      'div',
      { className: 'tool-consent-actions' },
      textButton('Allow once', { type: 'tool-consent', callId: call.id, allow: true }, 'check', { 'data-call-id': call.id }),
      textButton('Deny', { type: 'tool-consent', callId: call.id, allow: false }, 'close', { 'data-call-id': call.id }),
    ),
  );
}

function row(call: ToolCallView, wasOpen: boolean): HTMLElement {
  const summary = h('summary', { className: 'tool-call-summary' }, icon(STATUS_ICON[call.status]), ' ', ...labelNodes(call.label));
  const details = h(
    'details',
    { className: 'tool-call', attrs: { 'data-call-id': call.id, 'data-status': call.status } },
    summary,
    h('pre', { className: 'tool-call-output', text: call.output ?? (call.status === 'streaming' ? 'The model is still writing this call.' : 'Running…') }),
  );
  details.open = wasOpen;
  return h('div', { className: 'tool-call-row', attrs: { 'data-call-id': call.id } }, details, consentCard(call));
}

/** Shows a new or changed call in `container`, keeping a row the user opened open. */
export function renderToolCallRow(container: HTMLElement, call: ToolCallView): void {
  const existing = [...container.children].find((child) => (child as HTMLElement).dataset.callId === call.id) as HTMLElement | undefined;
  const wasOpen = existing?.querySelector('details')?.open ?? false;
  const hadFocus = existing?.contains(document.activeElement) ?? false;
  const next = row(call, wasOpen);
  if (existing) existing.replaceWith(next);
  else container.append(next);
  if (hadFocus) (next.querySelector<HTMLElement>('.tool-consent button') ?? next.querySelector<HTMLElement>('summary'))?.focus();
}

export function renderToolCallRows(container: HTMLElement, calls: readonly ToolCallView[]): void {
  const ids = new Set(calls.map((call) => call.id));
  for (const child of [...container.children]) {
    if (!ids.has((child as HTMLElement).dataset.callId ?? '')) child.remove();
  }
  for (const call of calls) renderToolCallRow(container, call);
}
