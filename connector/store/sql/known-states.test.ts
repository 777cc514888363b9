import { describe, expect, it } from 'vitest';
import { KnownStates, keysOf } from './known-states.js';

describe('known states', () => {
  it('should answer only for the version last seen', () => {
    const known = new KnownStates();
    known.note('n1', 3, 'REQUESTED', keysOf('c1', 'p1'));
    expect(known.stateAt('n1', 3)).toBe('REQUESTED');
    expect(known.stateAt('n1', 2)).toBeUndefined();
    known.note('n1', 4, 'AGREED', keysOf('c1', 'p1'));
    expect(known.stateAt('n1', 3)).toBeUndefined();
    expect(known.stateAt('n1', 4)).toBe('AGREED');
    expect(known.stateAt('n2', 1)).toBeUndefined();
    expect(known.at('n1', 4)?.keys).toBe(keysOf('c1', 'p1'));
    expect(keysOf('c1', undefined)).toBe(keysOf('c1', null));
    expect(keysOf('c1', 'p1')).not.toBe(keysOf('c1', 'p2'));
  });

  it('should forget the least recently noted entity beyond its size', () => {
    const known = new KnownStates(2);
    known.note('a', 1, 'X', '');
    known.note('b', 1, 'X', '');
    known.note('a', 2, 'Y', '');
    known.note('c', 1, 'X', '');
    expect(known.stateAt('b', 1)).toBeUndefined();
    expect(known.stateAt('a', 2)).toBe('Y');
    expect(known.stateAt('c', 1)).toBe('X');
  });
});
