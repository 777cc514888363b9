import { describe, expect, it } from 'vitest';
import { nextStatusList } from './next-status-list.js';

describe('nextStatusList', () => {
  it('should open the first list of the series when there is none', () => {
    expect(nextStatusList([], 'revocation-', 8)).toEqual({ id: 'revocation-1', free: 8, create: true });
  });

  it('should allocate from the lowest-numbered list with room, ordering by number, not by text', () => {
    const lists = [
      { id: 'revocation-10', nextIndex: 2, size: 8 },
      { id: 'revocation-9', nextIndex: 5, size: 8 },
      { id: 'other', nextIndex: 0, size: 8 },
    ];
    expect(nextStatusList(lists, 'revocation-', 8)).toEqual({ id: 'revocation-9', free: 3, create: false });
  });

  it('should open the next number when every list of the series is full, ignoring other lists', () => {
    const lists = [
      { id: 'revocation-1', nextIndex: 4, size: 4 },
      { id: 'revocation-2', nextIndex: 8, size: 8 },
      { id: 'revocation-x', nextIndex: 0, size: 8 },
      { id: 'L', nextIndex: 0, size: 8 },
    ];
    expect(nextStatusList(lists, 'revocation-', 16)).toEqual({ id: 'revocation-3', free: 16, create: true });
  });
});
