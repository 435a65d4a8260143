// The words a tool-call row starts with, from the (possibly still streaming) JSON arguments:
// "Read `src/order.ts`", "Searched `applyDiscount`". Partial JSON is read leniently so the row
// can say what the call is about before its arguments are complete.

/** The string value of `field` in (possibly partial) JSON, or undefined. */
export function partialField(json: string, field: string): string | undefined {
  const match = new RegExp(`"${field}"\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)"?`).exec(json);
  if (!match) return undefined;
  try {
    return JSON.parse(`"${match[1].replace(/\\$/, '')}"`) as string;
  } catch {
    return match[1];
  }
}

function numberField(json: string, field: string): number | undefined {
  const match = new RegExp(`"${field}"\\s*:\\s*(\\d+)`).exec(json);
  return match ? Number(match[1]) : undefined;
}

function code(text: string | undefined): string {
  if (text === undefined || text === '') return '';
  const clipped = text.length > 80 ? `${text.slice(0, 80)}…` : text;
  return ` \`${clipped.replace(/`/g, "'")}\``;
}

export function callLabel(name: string, json: string): string {
  switch (name) {
    case 'read_file':
      return `Read${code(partialField(json, 'path'))}`;
    case 'list_dir':
      return `Listed${code(partialField(json, 'path') || '.')}`;
    case 'find_files':
      return `Found files${code(partialField(json, 'glob'))}`;
    case 'search_text':
      return `Searched${code(partialField(json, 'query'))}`;
    case 'find_symbol':
      return `Symbol${code(partialField(json, 'query'))}`;
    case 'go_to_definition':
    case 'find_references': {
      const path = partialField(json, 'path');
      const line = numberField(json, 'line');
      const where = path ? `${path}${line !== undefined ? `:${line}` : ''}` : undefined;
      return `${name === 'go_to_definition' ? 'Definition at' : 'References at'}${code(where)}`;
    }
    case 'get_problems':
      return `Problems${code(partialField(json, 'path') ?? 'workspace')}`;
    default:
      return `Tool \`${name}\``;
  }
}
