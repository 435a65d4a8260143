// The tools of a chat's turns in one place: apply_patch proposals and the read tools (read_file,
// search_text, …). Calls stream into rows and cards, a finished response's calls are settled
// (read tools run, patches are checked), and the session only learns whether the turn goes on,
// was stopped while tools ran, or reached the cap on tool rounds.

import type { ExtensionMessage } from '../protocol';
import type { ResponseOutcome, ResponseStreamEvent, ToolOutput } from '../responses';
import { endInterruptedToolCalls, ReadToolController, toolRoundsNote, type ToolRoundOutcome } from '../tools/readToolController';
import type { ReadToolHost } from '../tools/toolHost';
import type { StoredTurn } from './conversationStore';
import type { ChatLogger, ChatSettings } from './chatTypes';
import { ProposalController, type PatchHost } from './proposalController';
import { costCapNote } from './turnOutcome';
import type { RunMode } from './turnRequest';

export { endInterruptedToolCalls };

export interface TurnToolsDeps {
  /** The open conversation's turns. */
  turns(): readonly StoredTurn[];
  post(message: ExtensionMessage): void;
  /** Where apply_patch edits go; without it the model is offered no edit tool. */
  patches?: PatchHost;
  /** What the read tools read and search; without it the model is offered none. */
  readTools?: ReadToolHost;
  log: ChatLogger;
  settings(): ChatSettings;
  save(): Promise<void>;
  /** A request is running. */
  isRunning(): boolean;
  /** Starts the request that hands `outputs` to the model within `turn`. */
  startToolOutputs(turn: StoredTurn, outputs: ToolOutput[]): void;
  /** Starts `next` as soon as the running request has ended. */
  followUp(next: () => void): void;
  /** Adds a note to the turn and shows it. */
  addNote(turn: StoredTurn, note: string): void;
}

export class TurnTools {
  /** apply_patch proposals: their cards, Preview / Apply / Reject. */
  readonly proposals: ProposalController;
  /** The read tools; undefined offers the model none. */
  private readonly readTools: ReadToolController | undefined;

  constructor(private readonly deps: TurnToolsDeps) {
    this.proposals = new ProposalController({
      turns: deps.turns,
      post: deps.post,
      patches: deps.patches,
      log: deps.log,
      save: deps.save,
      isRunning: deps.isRunning,
      sendOutputs: (turn, outputs) => this.sendOutputs(turn, outputs),
      followUp: deps.followUp,
    });
    this.readTools = deps.readTools
      ? new ReadToolController({ host: deps.readTools, post: deps.post, maxToolRounds: () => this.maxToolRounds() })
      : undefined;
  }

  /** Whether requests offer the model the read tools. */
  get offersReadTools(): boolean {
    return this.readTools !== undefined;
  }

  /** A request of `turn` starts: a user action allows fresh automatic rounds, a new prompt a fresh budget. */
  beginRequest(turn: StoredTurn, mode: RunMode): void {
    if (mode.kind !== 'tool-outputs') this.proposals.userActed();
    if (mode.kind === 'new') this.readTools?.beginTurn(turn);
  }

  streamEvent(turn: StoredTurn, event: ResponseStreamEvent): void {
    this.proposals.streamEvent(turn, event);
    this.readTools?.streamEvent(turn, event);
  }

  /** Settles a finished response's tool calls: patches are checked, read tools run. At the cap
   *  on tool rounds the turn gets a note saying so. */
  async settle(turn: StoredTurn, outcome: ResponseOutcome, answered: boolean, signal: AbortSignal): Promise<ToolRoundOutcome> {
    await this.proposals.settle(turn, outcome, answered);
    const tools = this.readTools ? await this.readTools.settle(turn, outcome, answered, signal) : 'none';
    if (tools === 'capped') this.deps.addNote(turn, toolRoundsNote(this.maxToolRounds()));
    return tools;
  }

  /** Allow once / Deny on "The model wants to read `.env`". False when no call waits for it. */
  answerConsent(callId: string, allow: boolean): boolean {
    return this.readTools?.answerConsent(callId, allow) ?? false;
  }

  dispose(): void {
    this.proposals.dispose();
    this.readTools?.dispose();
  }

  private maxToolRounds(): number {
    return this.deps.settings().maxToolRounds ?? 12;
  }

  /** A round's outputs go back to the model, unless the turn's spend reached the cap. */
  private sendOutputs(turn: StoredTurn, outputs: ToolOutput[]): void {
    const capped = costCapNote(turn.view.footer?.costUsd, this.deps.settings().maxCostPerTurn);
    if (capped) {
      // The outputs stay undelivered, so the next message carries them to the model.
      this.deps.log.info('tool round not started: the turn reached codewright.maxCostPerTurn');
      this.deps.addNote(turn, capped);
      void this.deps.save();
      return;
    }
    this.deps.startToolOutputs(turn, outputs);
  }
}
