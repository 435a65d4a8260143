// Edits the model proposes through the apply_patch tool, from the first streamed byte to the
// model hearing what became of them: the card that grows while the patch streams, the check
// against the workspace, Preview / Apply / Reject, declining what the user ignored, and sending
// patch errors back to the model by itself (a bounded number of times).
// The VS Code layer provides the PatchHost (editor buffers, diff preview, one undoable edit).

import type { ExtensionMessage, ProposalView } from '../protocol';
import {
  formatPatchFailure,
  formatPatchRejected,
  formatPatchSuccess,
  isPatchError,
  planPatch,
  StreamingPatchParser,
  type PatchPlan,
} from '../patch';
import type { ResponseOutcome, ResponseStreamEvent, ToolOutput } from '../responses';
import type { StoredToolCall, StoredTurn } from './conversationStore';
import { BuiltinCallStream, envelopeFromOperations, groupCalls, toolOutputOf } from './builtinApplyPatch';
import { sensitiveChangesOf, type PatchHost } from './proposalHost';
import { patchErrorText, planFiles, progressFiles, proposalView } from './proposalViews';
import { withProblemReport } from '../problems/problemFeedback';

export type { ApplyResult, PatchHost, SensitiveFileChange } from './proposalHost';
export { patchErrorText, planFiles, progressFiles, proposalView } from './proposalViews';

export const APPLY_PATCH_TOOL_NAME = 'apply_patch';

export type ProposalResult = { ok: true; turnId: string } | { ok: false; error: string };

/** Patch errors go back to the model by themselves at most this often per user action. */
export const MAX_AUTOMATIC_TOOL_ROUNDS = 3;
const PROPOSAL_UPDATE_MS = 50;

export interface ProposalControllerDeps {
  /** The open conversation's turns (they own the tool calls and the proposal views). */
  turns(): readonly StoredTurn[];
  post(message: ExtensionMessage): void;
  /** Where edits go; without it the model is offered no tools. */
  patches?: PatchHost;
  log: { warn(message: string): void };
  save(): Promise<void>;
  /** A request is running (applying and rejecting wait for it). */
  isRunning(): boolean;
  /** Starts the request that hands `outputs` to the model within `turn`. */
  sendOutputs(turn: StoredTurn, outputs: ToolOutput[]): void;
  /** Starts `next` as soon as the running request has ended. */
  followUp(next: () => void): void;
}

interface FoundProposal {
  turn: StoredTurn;
  call: StoredToolCall;
  proposal: ProposalView;
}

export class ProposalController {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Parsers of the patches streaming in the running request, by call id. */
  private readonly streams = new Map<string, StreamingPatchParser>();
  /** Automatic tool rounds (patch errors sent back) since the last user action. */
  private automaticRounds = 0;
  /** The built-in apply_patch calls of the running request: one card, named after the first. */
  private builtin = new BuiltinCallStream();
  /** Applied proposals whose output waits for the language servers' verdict: their plain success output. */
  private readonly applying = new Map<string, string>();

  constructor(private readonly deps: ProposalControllerDeps) {}

  /** A user action (a prompt, Retry, Continue) allows a fresh set of automatic rounds. */
  userActed(): void {
    this.automaticRounds = 0;
  }

  /** Grows the proposal card while the model streams a patch. */
  streamEvent(turn: StoredTurn, event: ResponseStreamEvent): void {
    const builtin = this.builtin.take(event);
    if (builtin !== undefined) return this.showBuiltin(turn, builtin);
    if (event.type === 'tool-call-started') {
      if (event.name === APPLY_PATCH_TOOL_NAME && event.kind === 'custom') {
        this.streams.set(event.callId, new StreamingPatchParser());
        this.upsert(turn, proposalView(event.callId, []), true);
      }
    } else if (event.type === 'tool-input-delta') {
      const parser = this.streams.get(event.callId);
      if (parser) {
        parser.push(event.delta);
        // A snapshot costs as much as the files and chunks read so far, so it is taken once per
        // posted update (here, and fresh again when the post goes out), not once per delta.
        if (!this.timers.has(event.callId)) this.upsert(turn, proposalView(event.callId, progressFiles(parser.snapshot())), false);
      }
    }
  }

  /** The built-in calls so far on their one card: a new card, or the envelope they make now. */
  private showBuiltin(turn: StoredTurn, { group, patch }: { group: string; patch?: string }): void {
    if (patch === undefined) return this.upsert(turn, proposalView(group, []), true);
    const parser = new StreamingPatchParser();
    parser.push(patch);
    this.streams.set(group, parser);
    if (!this.timers.has(group)) this.upsert(turn, proposalView(group, progressFiles(parser.snapshot())), false);
  }

  /** Records what a finished request did with tools and checks each new patch against the workspace. */
  async settle(turn: StoredTurn, outcome: ResponseOutcome, answered: boolean): Promise<void> {
    this.streams.clear();
    this.builtin = new BuiltinCallStream();
    if (answered) this.markDelivered();
    const newCalls = answered ? outcome.toolCalls.filter((call) => call.done && call.kind === 'custom') : [];
    for (const call of newCalls) {
      (turn.toolCalls ??= []).push({ callId: call.callId, name: call.name, input: call.input });
    }
    // All built-in apply_patch calls of the response are one proposal, named after the first.
    const builtinCalls = answered ? outcome.toolCalls.filter((call) => call.done && call.kind === 'apply_patch') : [];
    const group = builtinCalls[0]?.callId;
    for (const call of builtinCalls) {
      (turn.toolCalls ??= []).push({ callId: call.callId, name: call.name, kind: 'apply_patch', group, input: call.input });
    }
    if (!answered) {
      // The model never finished these calls: there is nothing to apply.
      for (const proposal of turn.view.proposals ?? []) {
        if (proposal.status === 'streaming') {
          this.upsert(turn, { ...proposal, status: 'invalid', error: 'The answer ended before the patch was complete.', notSentToModel: 'answer-ended' }, true);
        }
      }
    }
    await this.check(turn, newCalls.map((call) => call.callId));
    if (group !== undefined) await this.checkGroup(turn, group);
  }

  /** Sends tool outputs back by themselves when no call needs the user (e.g. a patch that does not apply). */
  answerAutomatically(turn: StoredTurn): void {
    const undelivered = (turn.toolCalls ?? []).filter((call) => !call.delivered);
    if (undelivered.length === 0 || undelivered.some((call) => call.output === undefined)) return;
    // Read-tool rounds have their own cap (codewright.maxToolRounds); this one counts patch errors.
    const patchErrors = undelivered.some((call) => call.kind !== 'function');
    if (patchErrors && this.automaticRounds >= MAX_AUTOMATIC_TOOL_ROUNDS) {
      this.deps.log.warn(`stopped sending patch errors back after ${MAX_AUTOMATIC_TOOL_ROUNDS} rounds`);
      // The card must not claim the model heard about it: it hears with the user's next message.
      for (const call of undelivered) {
        const proposal = turn.view.proposals?.find((p) => p.id === call.callId);
        if (proposal) this.upsert(turn, { ...proposal, notSentToModel: 'retries-stopped' }, true);
      }
      return;
    }
    if (patchErrors) this.automaticRounds++;
    this.deps.followUp(() => this.deliverOutputs(turn));
  }

  /** Marks every unanswered proposal as declined; returns the outputs a new request must carry. */
  declinePending(reason: string): ToolOutput[] {
    const outputs: ToolOutput[] = [];
    for (const turn of this.deps.turns()) {
      for (const call of turn.toolCalls ?? []) {
        if (call.delivered) continue;
        if (call.output === undefined && call.kind === 'function') {
          call.output = 'Not run: the answer stopped before this call ran (Stop, or the limit of tool rounds). The user has sent a new message.';
        } else if (call.output === undefined && this.applying.has(call.group ?? call.callId)) {
          // Applied, still waiting for the language servers: the model hears it was applied.
          call.output = this.applying.get(call.group ?? call.callId);
        } else if (call.output === undefined) {
          call.output = formatPatchRejected(reason);
          call.failed = true;
          const proposal = turn.view.proposals?.find((p) => p.id === call.callId);
          if (proposal) this.upsert(turn, { ...proposal, status: 'rejected', rejectReason: reason }, true);
        }
        outputs.push(toolOutputOf(call));
      }
    }
    return outputs;
  }

  has(proposalId: string): boolean {
    return this.find(proposalId) !== undefined;
  }

  async preview(proposalId: string): Promise<ProposalResult> {
    const found = this.find(proposalId);
    if (!found || !this.deps.patches) return { ok: false, error: 'That proposed edit is no longer in this chat.' };
    if (found.proposal.status !== 'ready') return { ok: false, error: 'Only a proposed edit that is ready can be previewed.' };
    const plan = await this.plan(this.patchOf(found));
    if (typeof plan === 'string') {
      this.upsert(found.turn, { ...found.proposal, error: `The patch no longer applies: ${plan}` }, true);
      return { ok: false, error: plan };
    }
    await this.deps.patches.preview(proposalId, plan);
    return { ok: true, turnId: found.turn.view.id };
  }

  async apply(proposalId: string): Promise<ProposalResult> {
    const found = this.find(proposalId);
    const host = this.deps.patches;
    if (!found || !host) return { ok: false, error: 'That proposed edit is no longer in this chat.' };
    const { turn, call, proposal } = found;
    if (proposal.status !== 'ready' || call.output !== undefined) return { ok: false, error: 'This edit was already applied or rejected.' };
    if (this.deps.isRunning()) return { ok: false, error: 'Wait for the answer to finish before applying the edit.' };
    const allowed = host.editsAllowed();
    if (!allowed.ok) {
      this.upsert(turn, { ...proposal, error: allowed.reason }, true);
      return { ok: false, error: allowed.reason };
    }
    // Planned again now: the files may have changed since the model wrote the patch.
    const plan = await this.plan(this.patchOf(found));
    if (typeof plan === 'string') {
      this.resolve(found, formatPatchFailure(plan), { ...proposal, status: 'failed', error: plan }, true);
      return { ok: false, error: plan };
    }
    if (plan.sensitive.length > 0 && !(await host.confirmSensitive(sensitiveChangesOf(plan)))) {
      return { ok: false, error: 'Not applied: changes to sensitive files need your confirmation.' };
    }
    const result = await host.apply(plan);
    if (!result.ok) {
      this.resolve(found, formatPatchFailure(result.error), { ...proposal, status: 'failed', error: result.error }, true);
      return { ok: false, error: result.error };
    }
    const success = formatPatchSuccess(plan.summary);
    const applied: ProposalView = { ...proposal, status: 'applied', error: undefined };
    if (result.problems) {
      // The card says Applied at once; the output waits for the language servers (problemsAfterApply).
      this.upsert(turn, applied, true);
      this.applying.set(proposalId, success);
      void result.problems.then(
        (report) => this.reported(found, applied, withProblemReport(success, report)),
        () => this.reported(found, applied, success),
      );
    } else {
      this.resolve(found, success, applied);
    }
    return { ok: true, turnId: turn.view.id };
  }

  /** The language servers' verdict on an applied edit arrived: the model hears both. */
  private reported(found: FoundProposal, applied: ProposalView, output: string): void {
    // Gone: the controller was disposed, or a new message carried the output without the report
    // (declinePending), or another chat is open now.
    if (!this.applying.delete(found.proposal.id) || found.call.output !== undefined || !this.deps.turns().includes(found.turn)) return;
    this.resolve(found, output, applied);
  }

  reject(proposalId: string, reason?: string): ProposalResult {
    const found = this.find(proposalId);
    if (!found) return { ok: false, error: 'That proposed edit is no longer in this chat.' };
    const { turn, call, proposal } = found;
    if (call.output !== undefined || (proposal.status !== 'ready' && proposal.status !== 'streaming')) {
      return { ok: false, error: 'This edit was already applied or rejected.' };
    }
    if (this.deps.isRunning()) return { ok: false, error: 'Wait for the answer to finish before rejecting the edit.' };
    const trimmed = reason?.trim() || undefined;
    this.resolve(found, formatPatchRejected(trimmed), { ...proposal, status: 'rejected', rejectReason: trimmed }, true);
    return { ok: true, turnId: turn.view.id };
  }

  dispose(): void {
    this.applying.clear();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  // ---- internals ----

  /** The outputs the finished request carried have reached the model; their cards say so again. */
  private markDelivered(): void {
    for (const turn of this.deps.turns()) {
      for (const call of turn.toolCalls ?? []) {
        if (call.output === undefined || call.delivered) continue;
        call.delivered = true;
        const proposal = turn.view.proposals?.find((p) => p.id === call.callId);
        if (proposal?.notSentToModel) this.upsert(turn, { ...proposal, notSentToModel: undefined }, true);
      }
    }
  }

  private find(proposalId: string): FoundProposal | undefined {
    for (const turn of this.deps.turns()) {
      const call = turn.toolCalls?.find((c) => c.callId === proposalId);
      const proposal = turn.view.proposals?.find((p) => p.id === proposalId);
      if (call && proposal) return { turn, call, proposal };
    }
    return undefined;
  }

  /** Adds or replaces a proposal in the turn and tells the webview (throttled while streaming). */
  private upsert(turn: StoredTurn, proposal: ProposalView, immediately: boolean): void {
    const proposals = (turn.view.proposals ??= []);
    const index = proposals.findIndex((p) => p.id === proposal.id);
    if (index >= 0) proposals[index] = proposal;
    else proposals.push(proposal);
    const key = proposal.id;
    const post = () => {
      this.timers.delete(key);
      const parser = this.streams.get(key);
      const latest = turn.view.proposals ?? [];
      const streaming = latest.findIndex((p) => p.id === key && p.status === 'streaming');
      if (parser && streaming >= 0) latest[streaming] = proposalView(key, progressFiles(parser.snapshot()));
      const current = turn.view.proposals?.find((p) => p.id === key);
      if (current) this.deps.post({ type: 'proposal', turnId: turn.view.id, proposal: structuredClone(current) });
    };
    const pending = this.timers.get(key);
    if (immediately) {
      if (pending) clearTimeout(pending);
      post();
    } else if (!pending) {
      this.timers.set(key, setTimeout(post, PROPOSAL_UPDATE_MS));
    }
  }

  /** The envelope a proposal applies: the custom tool's input, or the built-in calls' operations made one. */
  private patchOf({ turn, call }: FoundProposal): string | { error: string } {
    if (call.kind !== 'apply_patch') return call.input;
    const envelope = envelopeFromOperations(groupCalls(turn, call.group ?? call.callId));
    return envelope.ok ? envelope.patch : { error: envelope.error };
  }

  private async plan(input: string | { error: string }): Promise<PatchPlan | string> {
    if (typeof input !== 'string') return input.error;
    const host = this.deps.patches;
    const workspace = await host?.workspace();
    if (!host || !workspace) return 'No workspace folder is open, so there is nothing to edit. Open a folder and ask again.';
    const plan = await planPatch(input, workspace, { sensitivePatterns: host.sensitivePatterns() });
    return isPatchError(plan) ? patchErrorText(plan) : plan;
  }

  /** Checks each new apply_patch call against the workspace: ready to apply, or invalid. */
  private async check(turn: StoredTurn, callIds: string[]): Promise<void> {
    for (const callId of callIds) {
      const call = turn.toolCalls?.find((c) => c.callId === callId);
      if (!call) continue;
      if (call.name !== APPLY_PATCH_TOOL_NAME) {
        call.output = `There is no tool named ${call.name}. The only tool is ${APPLY_PATCH_TOOL_NAME}.`;
        continue;
      }
      const parser = new StreamingPatchParser();
      parser.push(call.input);
      const streamed = progressFiles(parser.snapshot());
      const plan = await this.plan(call.input);
      if (typeof plan === 'string') {
        call.output = formatPatchFailure(plan);
        this.upsert(turn, { id: callId, status: 'invalid', files: streamed, error: plan }, true);
      } else {
        this.upsert(turn, { id: callId, status: 'ready', files: planFiles(plan, streamed) }, true);
      }
    }
  }

  /** Checks the built-in calls of one response as one patch: ready to apply, or invalid (every call hears why). */
  private async checkGroup(turn: StoredTurn, group: string): Promise<void> {
    const calls = groupCalls(turn, group);
    const envelope = envelopeFromOperations(calls);
    const parser = new StreamingPatchParser();
    if (envelope.ok) parser.push(envelope.patch);
    const streamed = envelope.ok ? progressFiles(parser.snapshot()) : [];
    const plan = await this.plan(envelope.ok ? envelope.patch : { error: envelope.error });
    if (typeof plan === 'string') {
      for (const call of calls) {
        call.output = formatPatchFailure(plan);
        call.failed = true;
      }
      this.upsert(turn, { id: group, status: 'invalid', files: streamed, error: plan }, true);
    } else {
      this.upsert(turn, { id: group, status: 'ready', files: planFiles(plan, streamed) }, true);
    }
  }

  /** Starts the request that hands every answered, undelivered tool output of the turn to the model. */
  private deliverOutputs(turn: StoredTurn): void {
    const outputs = (turn.toolCalls ?? []).filter((call) => !call.delivered && call.output !== undefined).map(toolOutputOf);
    if (outputs.length === 0 || this.deps.isRunning()) return;
    this.deps.sendOutputs(turn, outputs);
  }

  private resolve({ turn, call }: FoundProposal, output: string, proposal: ProposalView, failed = false): void {
    // The built-in tool's calls of one response share the verdict: all applied, or none.
    const answered = call.kind === 'apply_patch' ? groupCalls(turn, call.group ?? call.callId) : [call];
    for (const each of answered) {
      each.output = output;
      if (call.kind === 'apply_patch') each.failed = failed;
    }
    this.upsert(turn, proposal, true);
    void this.deps.save();
    // Once every call of the turn has its answer, the model hears all of them together.
    if ((turn.toolCalls ?? []).every((c) => c.output !== undefined)) this.deliverOutputs(turn);
  }
}
