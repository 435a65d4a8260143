// Milestones of one question asked from a command (Explain, Fix, Ask About Selection), from the
// command to the first answer text the panel can show. Logged once per question, so a slow first
// answer in a window can be traced to its step (panel, webview load, request, model) from the log.

export type LatencyMilestone = 'panel resolved' | 'webview ready' | 'turn started' | 'key read' | 'first text posted' | 'first text shown';

export class AnswerLatency {
  private readonly started: number;
  private readonly marks = new Map<LatencyMilestone, number>();

  constructor(private readonly now: () => number) {
    this.started = now();
  }

  /** Records `milestone` the first time it happens; later calls keep the first time. */
  mark(milestone: LatencyMilestone): void {
    if (!this.marks.has(milestone)) this.marks.set(milestone, Math.round(this.now() - this.started));
  }

  has(milestone: LatencyMilestone): boolean {
    return this.marks.has(milestone);
  }

  /** e.g. "turn started +3 ms, panel resolved +120 ms, webview ready +900 ms, first text shown +950 ms" */
  describe(): string {
    return [...this.marks]
      .sort((a, b) => a[1] - b[1])
      .map(([milestone, ms]) => `${milestone} +${ms} ms`)
      .join(', ');
  }
}
