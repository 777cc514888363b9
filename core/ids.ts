import { randomUUID } from 'node:crypto';

/** Identifier generation as a dependency, so tests can make ids predictable. */
export interface IdGenerator {
  /** A new random identifier (a UUID without prefix). */
  next(): string;
}

export const randomIds: IdGenerator = { next: () => randomUUID() };

/** Deterministic ids for tests: prefix-1, prefix-2, … */
export function sequentialIds(prefix = 'id'): IdGenerator {
  let n = 0;
  return { next: () => `${prefix}-${++n}` };
}
