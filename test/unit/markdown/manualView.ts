// A StreamingMarkdownView driven by hand in happy-dom: frames run when the test says so. Shared by
// the markdown view's unit tests.
import type { MarkdownRenderer } from '../../../src/webview/markdown/markdownRenderer';
import { StreamingMarkdownView, type StreamingMarkdownViewOptions } from '../../../src/webview/markdown/streamingMarkdownView';

export function createManualView(renderer: MarkdownRenderer, options: StreamingMarkdownViewOptions = {}) {
  const host = document.createElement('div');
  document.body.append(host);
  const frames: Array<() => void> = [];
  const view = new StreamingMarkdownView(host, { renderer, requestFrame: (callback) => frames.push(callback), ...options });
  const runFrame = () => {
    for (const callback of frames.splice(0)) callback();
  };
  /** Runs frames until none is requested; returns how many ran. */
  const runAllFrames = () => {
    let count = 0;
    for (; frames.length > 0 && count < 10_000; count += 1) runFrame();
    return count;
  };
  return { host, view, runFrame, runAllFrames, frames };
}

/** The answer's HTML with its volume and page wrappers taken away (on a copy). */
export function withoutPages(host: HTMLElement): string {
  const copy = host.cloneNode(true) as HTMLElement;
  for (const volume of Array.from(copy.querySelectorAll(':scope > .cw-md-volume'))) volume.replaceWith(...Array.from(volume.childNodes));
  for (const page of Array.from(copy.querySelectorAll(':scope > .cw-md-page'))) page.replaceWith(...Array.from(page.childNodes));
  return copy.innerHTML;
}
