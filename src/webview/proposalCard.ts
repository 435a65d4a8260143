// The card of an edit the model proposed: its files, its state, and — while it is ready — Preview,
// Apply and Reject with an optional reason. A card is rebuilt on every change; the reason typed so
// far and the keyboard focus carry over to the new card.

import type { ProposalFileView, ProposalView } from '../common/protocol';
import { h, icon, keepingFocus, textButton } from './dom';

const PROPOSAL_STATUS_TEXT: Record<ProposalView['status'], string> = {
  streaming: 'Writing the edit…',
  ready: 'Review the edit, then apply or reject it.',
  invalid: 'This edit does not apply; the model was told why.',
  applied: 'Applied. Undo (Ctrl+Z / Cmd+Z) in the editor reverts it.',
  rejected: 'Rejected. No files were changed.',
  failed: 'Applying failed. No files were changed.',
};

/** An edit whose fate the model has not heard must not claim it was told. */
const NOT_SENT_TEXT: Record<NonNullable<ProposalView['notSentToModel']>, string> = {
  'retries-stopped':
    'This edit does not apply. Automatic retries stopped after 3 tries, so the model has not seen this error yet: your next message sends it, or make the change yourself.',
  'answer-ended': 'This edit is incomplete: the answer ended before the patch was finished. Retry the answer to get the whole edit.',
};

function statusText(proposal: ProposalView): string {
  return proposal.notSentToModel ? NOT_SENT_TEXT[proposal.notSentToModel] : PROPOSAL_STATUS_TEXT[proposal.status];
}

const OPERATION_ICONS: Record<ProposalFileView['operation'], string> = {
  add: 'diff-added',
  delete: 'diff-removed',
  update: 'diff-modified',
  move: 'diff-renamed',
};

const REASON_INPUT = '.proposal-reason';

function fileRow(file: ProposalFileView): HTMLElement {
  return h(
    'li',
    {},
    icon(OPERATION_ICONS[file.operation]),
    h('span', { className: 'proposal-path', text: file.movePath ? `${file.path} → ${file.movePath}` : file.path }),
    h('span', { className: 'proposal-added', text: `+${file.added}` }),
    h('span', { className: 'proposal-removed', text: `−${file.removed}` }),
    file.operation === 'delete' ? h('span', { className: 'proposal-badge', text: 'delete' }) : null,
    file.sensitive ? h('span', { className: 'proposal-badge sensitive', attrs: { title: 'Applying asks for confirmation first.' }, text: 'sensitive' }) : null,
    file.replacesExisting ? h('span', { className: 'proposal-badge', text: 'replaces existing file' }) : null,
  );
}

function actionsRow(proposalId: string, reason: string): HTMLElement {
  const apply = textButton('Apply', { type: 'apply-proposal', proposalId }, 'check');
  apply.classList.add('primary');
  return h(
    'div',
    { className: 'proposal-actions' },
    textButton('Preview', { type: 'preview-proposal', proposalId }, 'diff'),
    apply,
    h('input', { className: 'proposal-reason', attrs: { type: 'text', placeholder: 'Reason (optional)', 'aria-label': 'Reason for rejecting (optional)', value: reason } }),
    textButton('Reject', { type: 'reject-proposal', proposalId }, 'close'),
  );
}

export function proposalCard(proposal: ProposalView, reason: string): HTMLElement {
  return h(
    'section',
    { className: 'proposal', attrs: { 'data-proposal-id': proposal.id, 'data-status': proposal.status, 'aria-label': 'Proposed edit' } },
    h('div', { className: 'proposal-header' }, icon('edit'), h('strong', { text: ' Proposed edit' }), h('span', { className: 'proposal-status', text: ` · ${statusText(proposal)}` })),
    h('ul', { className: 'proposal-files' }, ...proposal.files.map(fileRow)),
    proposal.error ? h('div', { className: 'proposal-error', attrs: { role: 'alert' }, text: proposal.error }) : null,
    proposal.rejectReason ? h('div', { className: 'proposal-reason-text', text: `Reason: ${proposal.rejectReason}` }) : null,
    proposal.status === 'ready' ? actionsRow(proposal.id, reason) : null,
  );
}

function cardOf(container: Element, proposalId: string): HTMLElement | undefined {
  return container.querySelector<HTMLElement>(`[data-proposal-id="${CSS.escape(proposalId)}"]`) ?? undefined;
}

/** What the user typed in the reason box of a proposal's card ("" when there is none). */
export function typedRejectReason(container: Element, proposalId: string): string {
  return cardOf(container, proposalId)?.querySelector<HTMLInputElement>(REASON_INPUT)?.value ?? '';
}

/** Updates one proposal's card in place (typing in another card's reason box is not disturbed). */
export function renderProposalCard(container: HTMLElement, proposal: ProposalView, focusFallback: HTMLElement): void {
  const existing = cardOf(container, proposal.id);
  const card = proposalCard(proposal, existing ? typedRejectReason(container, proposal.id) : '');
  // An applied or rejected card has no controls left: focus goes back to the prompt.
  if (existing) keepingFocus(container, () => existing.replaceWith(card), focusFallback);
  else container.append(card);
}

/** Rebuilds every card of a turn, keeping what was typed in their reason boxes. */
export function renderProposalCards(container: HTMLElement, proposals: readonly ProposalView[]): void {
  const reasons = new Map(proposals.map((proposal) => [proposal.id, typedRejectReason(container, proposal.id)]));
  container.replaceChildren(...proposals.map((proposal) => proposalCard(proposal, reasons.get(proposal.id) ?? '')));
}
