import { describe, expect, it } from 'vitest';
import { ContractError } from './contract';
import { UserError } from './errors';

describe('UserError', () => {
  it('is the base of the errors whose message the shells show as is', () => {
    const error = new ContractError('k must be at most 500.');
    expect(error).toBeInstanceOf(UserError);
    expect(error.name).toBe('ContractError');
    expect(error.message).toBe('k must be at most 500.');
  });
});
