// Which API errors mean "this model has no built-in apply_patch tool", so the turn is sent again
// with the custom tool — and which do not.
import { describe, expect, it } from 'vitest';
import { builtinToolRefused } from '../../../src/common/chat/turnSender';
import { CodewrightError } from '../../../src/common/responses';

const rejected = (message: string, param?: string, status = 400) => new CodewrightError('bad-request', `The API rejected the request (${status}): ${message}`, { status, param });

describe('a refused built-in apply_patch tool', () => {
  it("is recognised by the API's 400 naming the tool", () => {
    expect(builtinToolRefused(rejected("Tool 'apply_patch' is not supported with gpt-5-2025-08-07.", 'tools'))).toBe(true);
    expect(builtinToolRefused(rejected("Tool 'apply_patch' is not supported with this model."))).toBe(true);
  });

  it('is not read into other errors', () => {
    expect(builtinToolRefused(undefined)).toBe(false);
    expect(builtinToolRefused(rejected("Unsupported value: 'low' is not supported with this model.", 'text.verbosity'))).toBe(false);
    expect(builtinToolRefused(rejected("Tool 'apply_patch' is not supported with gpt-5.", 'tools', 500))).toBe(false);
    expect(builtinToolRefused(rejected('Invalid type for tools[0].', 'tools'))).toBe(false);
  });
});
