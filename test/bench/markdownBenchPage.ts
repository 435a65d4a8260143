// Runs inside headless Chromium (bundled by markdownBench.ts): streams a long answer through the
// incremental StreamingMarkdownView and through a re-render-everything baseline, timing both.

import { MarkdownRenderer, type MarkdownWindow } from '../../src/webview/markdown/markdownRenderer';
import { StreamingMarkdownView } from '../../src/webview/markdown/streamingMarkdownView';
import { longAnswer } from '../unit/markdown/markdownCorpus';

export interface BenchRun {
  chars: number;
  frames: number;
  ms: number;
  detail: string;
}

interface BenchOptions {
  lines: number;
  /** 'mixed': many blocks; 'oneList': a single list that stays open until the end. */
  shape?: 'mixed' | 'oneList';
  deltaChars: number;
  deltasPerFrame: number;
  /** Force style and layout after every frame, as a painted frame would. */
  layoutEachFrame: boolean;
}

declare global {
  interface Window {
    __markdownBench: { incremental(options: BenchOptions): BenchRun; baseline(options: BenchOptions): BenchRun };
  }
}

const renderer = new MarkdownRenderer(window as unknown as MarkdownWindow);

function freshContainer(): HTMLElement {
  document.body.replaceChildren();
  const container = document.createElement('div');
  container.className = 'markdown-body';
  document.body.append(container);
  return container;
}

function oneList(lines: number): string {
  return Array.from({ length: lines }, (_, index) => `- item ${index}: keep **invariant** \`${index}\` in mind`).join('\n') + '\n';
}

/** What a real frame does after the script ran: style and layout of what changed. */
function layout(container: HTMLElement): void {
  void container.getBoundingClientRect().height;
}

window.__markdownBench = {
  incremental({ lines, shape, deltaChars, deltasPerFrame, layoutEachFrame }) {
    const text = shape === 'oneList' ? oneList(lines) : longAnswer(lines);
    const container = freshContainer();
    const pending: Array<() => void> = [];
    let frames = 0;
    // The loop runs frames back to back; the view's clock instead sees one frame every 1/60 s
    // (plus the time spent inside the current frame), as in a painted webview.
    let frameStartedAt = performance.now();
    const now = () => (frames * 1000) / 60 + (performance.now() - frameStartedAt);
    const view = new StreamingMarkdownView(container, { renderer, now, requestFrame: (callback) => pending.push(callback) });
    let deltas = 0;
    const started = performance.now();
    for (let index = 0; index < text.length; index += deltaChars) {
      view.append(text.slice(index, index + deltaChars));
      deltas += 1;
      if (deltas % deltasPerFrame === 0) {
        frames += 1;
        frameStartedAt = performance.now();
        for (const callback of pending.splice(0)) callback();
        if (layoutEachFrame) layout(container);
      }
    }
    view.finish();
    layout(container);
    const ms = performance.now() - started;
    const { finishedChunkRenders, tailRenders, fenceTailUpdates } = view.stats;
    view.dispose();
    return { chars: text.length, frames, ms, detail: `${finishedChunkRenders} blocks rendered once, ${tailRenders} tail renders, ${fenceTailUpdates} code-fence appends` };
  },
  baseline({ lines, deltaChars, deltasPerFrame, layoutEachFrame }) {
    const text = longAnswer(lines);
    const container = freshContainer();
    let frames = 0;
    let deltas = 0;
    const started = performance.now();
    for (let index = 0; index < text.length; index += deltaChars) {
      deltas += 1;
      const end = Math.min(text.length, index + deltaChars);
      if (deltas % deltasPerFrame === 0 || end === text.length) {
        frames += 1;
        container.replaceChildren(renderer.renderAll(text.slice(0, end)));
        if (layoutEachFrame) layout(container);
      }
    }
    const ms = performance.now() - started;
    return { chars: text.length, frames, ms, detail: `${frames} full renders` };
  },
};
document.body.dataset.ready = 'true';
