import { describe, expect, it } from 'vitest';
import { CodewrightError, ModelParameterMemory, parameterAdjustment } from '../../../src/common/responses';

const apiError = (param: string, code: string, message: string, status = 400) => new CodewrightError('bad-request', message, { status, code, param });

describe('what to change when the API refuses a parameter', () => {
  it('drops a parameter the model does not take', () => {
    expect(parameterAdjustment(apiError('reasoning.summary', 'unsupported_parameter', "Unsupported parameter: 'reasoning.summary' is not supported with this model."))).toEqual({ param: 'reasoning.summary' });
  });

  it('picks the nearest effort among those the error lists', () => {
    const error = apiError('reasoning.effort', 'unsupported_value', "Unsupported value: 'minimal' is not supported with the 'x' model. Supported values are: 'low', 'medium', and 'high'.");
    expect(parameterAdjustment(error)).toEqual({ param: 'reasoning.effort', replacement: 'low' });
  });

  it("drops context_management when an endpoint that predates it calls it an unknown parameter", () => {
    expect(parameterAdjustment(apiError('context_management', 'unknown_parameter', "Unknown parameter: 'context_management'."))).toEqual({ param: 'context_management' });
  });

  it('leaves errors about required or meaningful parameters, and other statuses, alone', () => {
    expect(parameterAdjustment(apiError('input', 'unsupported_parameter', 'Unsupported parameter'))).toBeUndefined();
    expect(parameterAdjustment(apiError('max_output_tokens', 'unsupported_parameter', 'Unsupported parameter'))).toBeUndefined();
    expect(parameterAdjustment(apiError('text.verbosity', 'unsupported_value', 'Unsupported value', 500))).toBeUndefined();
    expect(parameterAdjustment(undefined)).toBeUndefined();
  });
});

describe('remembered refusals', () => {
  it('applies to later requests of that model only, and removes an emptied parent object', () => {
    const memory = new ModelParameterMemory();
    memory.remember('acme', { param: 'text.verbosity' });
    memory.remember('acme', { param: 'reasoning.effort', replacement: 'medium' });
    expect(memory.apply({ model: 'acme', text: { verbosity: 'low' }, reasoning: { effort: 'high' } })).toEqual({ model: 'acme', reasoning: { effort: 'medium' } });
    expect(memory.apply({ model: 'other', text: { verbosity: 'low' } })).toEqual({ model: 'other', text: { verbosity: 'low' } });
    expect(memory.knows('acme', 'text.verbosity')).toBe(true);
  });
});
