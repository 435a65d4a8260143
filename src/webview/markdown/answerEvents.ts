// Clicks and keys inside rendered markdown: code-block buttons report the fence's source, and
// links go through the extension (nothing in an answer ever navigates the webview).

import { isOpenableExternalLink } from '../../common/protocol';
import { CODE_ACTION_ATTRIBUTE, LINK_TARGET_ATTRIBUTE, MarkdownClass, type CodeAction, type MarkdownRenderer } from './markdownRenderer';

const CODE_ACTIONS: readonly CodeAction[] = ['copy', 'insert', 'newFile'];

export interface AnswerEventCallbacks {
  /** An http(s) link was activated. Other schemes never get here. */
  onLink?: (href: string) => void;
  /** A code-block button was pressed, with the block's code and language from the markdown source. */
  onCodeAction?: (action: CodeAction, code: string, language: string) => void;
}

/** Listens on `container`; returns the function that stops listening. */
export function handleAnswerEvents(container: HTMLElement, renderer: MarkdownRenderer, callbacks: AnswerEventCallbacks): () => void {
  const openLink = (anchor: Element): void => {
    const href = anchor.getAttribute(LINK_TARGET_ATTRIBUTE);
    if (href !== null && isOpenableExternalLink(href)) callbacks.onLink?.(href);
  };
  const onClick = (event: MouseEvent): void => {
    const target = event.target as Element | null;
    if (!target || typeof target.closest !== 'function') return;
    const button = target.closest(`button[${CODE_ACTION_ATTRIBUTE}]`);
    if (button && container.contains(button)) {
      event.preventDefault();
      const block = button.closest(`.${MarkdownClass.codeBlock}`);
      // The fence's text from the markdown source, never the DOM (which model HTML could have shaped).
      const source = block ? renderer.codeBlockSource(block) : undefined;
      const action = CODE_ACTIONS.find((candidate) => candidate === button.getAttribute(CODE_ACTION_ATTRIBUTE));
      if (source && action) callbacks.onCodeAction?.(action, source.code, source.language);
      return;
    }
    const anchor = target.closest('a');
    if (!anchor || !container.contains(anchor)) return;
    event.preventDefault();
    if (event.type === 'click') openLink(anchor);
  };
  /** Enter on a focused link opens it, as it would a native link. */
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'Enter' || event.defaultPrevented) return;
    const target = event.target as Element | null;
    if (!target || target.nodeName !== 'A' || !container.contains(target)) return;
    event.preventDefault();
    openLink(target);
  };
  container.addEventListener('click', onClick);
  container.addEventListener('auxclick', onClick);
  container.addEventListener('keydown', onKeyDown);
  return () => {
    container.removeEventListener('click', onClick);
    container.removeEventListener('auxclick', onClick);
    container.removeEventListener('keydown', onKeyDown);
  };
}
