// Link reference definitions are global: a definition at the end of an answer turns `[label]`
// anywhere before it into a link. These find the labels a finished chunk could still depend on.

/**
 * Normalizes a link label the way marked does (trim, collapse whitespace, case-fold), so labels
 * found in text can be matched against the keys of marked's link definitions.
 */
export function normalizeLinkLabel(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toLowerCase().toUpperCase().toLowerCase();
}

const BRACKETED = /\[((?:\\[\s\S]|[^[\]\\])+)\]/g;

/**
 * Every label that a later link reference definition could turn into a link in `markdown`: the
 * text of each innermost `[...]`, normalized. Over-approximates on purpose (code spans, escaped
 * brackets): a false candidate costs one extra re-render, a missed one a wrong final DOM.
 */
export function referenceLabelCandidates(markdown: string): Set<string> {
  const labels = new Set<string>();
  if (!markdown.includes('[')) return labels;
  BRACKETED.lastIndex = 0;
  for (let match = BRACKETED.exec(markdown); match; match = BRACKETED.exec(markdown)) {
    const raw = match[1];
    if (raw.trim() === '') continue;
    labels.add(normalizeLinkLabel(raw));
    if (raw.includes('\n')) {
      // Inside block quotes and list items the label's continuation lines carry container
      // markers that marked strips before it looks the label up.
      labels.add(normalizeLinkLabel(raw.replace(/\n[ \t]*(?:>[ \t]?)*/g, '\n')));
    }
  }
  return labels;
}
