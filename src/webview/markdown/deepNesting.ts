// Deep lists and quotes are shown flattened: beyond MAX_VISUAL_NESTING levels they add no more
// indentation (media/markdown.css), so every item stays inside the panel.

/** The class media/markdown.css gives no indentation (MarkdownClass.flattened). */
export const FLATTENED_CLASS = 'cw-flat';

/** Elements that indent their content (media/markdown.css). */
const INDENTING_ELEMENTS = new Set(['UL', 'OL', 'BLOCKQUOTE', 'DD']);
/** Indentation levels shown; deeper lists and quotes stay at this level so every item fits the panel. */
export const MAX_VISUAL_NESTING = 6;

/** An indenting element inside MAX_VISUAL_NESTING others. */
const TOO_DEEP = Array.from({ length: MAX_VISUAL_NESTING + 1 }, () => ':is(ul, ol, blockquote, dd)').join(' ');

/** Marks indenting elements nested deeper than MAX_VISUAL_NESTING so they add no indentation. */
export function flattenDeepNesting(root: DocumentFragment): void {
  // One native query answers the common case (nothing that deep) without walking every element.
  if (!root.querySelector(TOO_DEEP)) return;
  // Iterative: a model can nest a thousand levels, deeper than a recursion should go.
  const pending: Array<{ element: Element; depth: number }> = Array.from(root.children, (element) => ({ element, depth: 0 }));
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { element } = next;
    const indents = INDENTING_ELEMENTS.has(element.nodeName);
    const depth = indents ? next.depth + 1 : next.depth;
    if (indents && depth > MAX_VISUAL_NESTING) element.classList.add(FLATTENED_CLASS);
    for (const child of Array.from(element.children)) pending.push({ element: child, depth });
  }
}
