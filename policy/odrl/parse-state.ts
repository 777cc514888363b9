import type { Violation } from '../../core/index.js';
import { DEFAULT_PREFIXES, type PrefixMap } from '../model/iri.js';

/** What the parser carries down the tree: the prefixes in force and the problems found so far. */
export interface ParseState {
  prefixes: PrefixMap;
  problems: Violation[];
}

export function newParseState(prefixes: PrefixMap = DEFAULT_PREFIXES): ParseState {
  return { prefixes, problems: [] };
}

export function report(state: ParseState, pointer: string, message: string): undefined {
  state.problems.push({ pointer, message });
  return undefined;
}
