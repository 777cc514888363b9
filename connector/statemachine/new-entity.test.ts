import { describe, expect, it } from 'vitest';
import { newEntity } from './new-entity.js';

describe('newEntity', () => {
  it('should be due at once, in its first state, never saved', () => {
    expect(newEntity('INITIAL', 1000)).toEqual({
      state: 'INITIAL',
      stateCount: 1,
      stateTimestamp: 1000,
      nextAttemptAt: 1000,
      pending: false,
      version: 0,
      createdAt: 1000,
      updatedAt: 1000,
    });
  });
});
