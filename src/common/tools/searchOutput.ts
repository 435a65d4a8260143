// search_text's answer laid out as grep prints matches with context: match lines `path:12: text`,
// context lines `path-11- text`, groups that touch or overlap merged, `--` between groups. Each
// match is one block with its context, so a cut by the byte budget never separates them.
import type { OutputBlock } from './outputBudget';
import type { TextMatch } from './toolHost';

/** Longer lines are clipped here (the search already clipped them to a little more). */
const SHOWN_LINE_CHARS = 300;

interface NumberedLine {
  line: number;
  text: string;
  match: boolean;
}

function clipped(text: string): string {
  return text.length > SHOWN_LINE_CHARS ? `${text.slice(0, SHOWN_LINE_CHARS)}…` : text;
}

/** One file's matches and their context lines, each line once, in line order. */
function linesOfFile(matches: readonly TextMatch[]): NumberedLine[] {
  const byLine = new Map<number, NumberedLine>();
  const addContext = (line: number, text: string) => {
    if (line >= 1 && !byLine.has(line)) byLine.set(line, { line, text, match: false });
  };
  for (const match of matches) {
    const before = match.before ?? [];
    before.forEach((text, index) => addContext(match.line - before.length + index, text));
    (match.after ?? []).forEach((text, index) => addContext(match.line + 1 + index, text));
  }
  // A line that matches is shown as a match even where it is another match's context.
  for (const match of matches) byLine.set(match.line, { line: match.line, text: match.text, match: true });
  return [...byLine.values()].sort((a, b) => a.line - b.line);
}

/**
 * The blocks of a search's answer, one per match (`count` 1): its leading context, the match, and
 * the context after it up to the next match. `matches` are in path and line order.
 */
export function searchBlocks(matches: readonly TextMatch[]): OutputBlock[] {
  const files = new Map<string, TextMatch[]>();
  for (const match of matches) {
    const list = files.get(match.path);
    if (list) list.push(match);
    else files.set(match.path, [match]);
  }
  const blocks: { lines: string[]; count: number }[] = [];
  for (const [path, fileMatches] of files) {
    let current: { lines: string[]; count: number } | undefined;
    let previousLine = -1;
    for (const entry of linesOfFile(fileMatches)) {
      const newGroup = entry.line !== previousLine + 1;
      if (!current || newGroup || (entry.match && current.count > 0)) {
        if (current) blocks.push(current);
        current = { lines: newGroup && blocks.length > 0 ? ['--'] : [], count: 0 };
      }
      current.lines.push(entry.match ? `${path}:${entry.line}: ${clipped(entry.text)}` : `${path}-${entry.line}- ${clipped(entry.text)}`);
      if (entry.match) current.count++;
      previousLine = entry.line;
    }
    if (current) blocks.push(current);
  }
  return blocks;
}
