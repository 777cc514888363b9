/** Entities remembered (least recently used goes first). */
export const KNOWN_STATES_SIZE = 1000;

/**
 * The state each entity had at a version, as this process last read or committed it. A version is written once (every
 * save bumps it; leases do not touch the state), so the state at a version never changes and a save that replaces
 * that version can take its `from` state from here instead of reading the row again; the save's own
 * `WHERE version = …` still refuses it when someone else replaced that version meanwhile.
 */
export class KnownStates {
  private readonly entries = new Map<string, { version: number; state: string }>();

  constructor(private readonly size = KNOWN_STATES_SIZE) {}

  note(id: string, version: number, state: string): void {
    this.entries.delete(id);
    this.entries.set(id, { version, state });
    if (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value as string);
  }

  /** The state at `version`, when that is the version last seen. */
  stateAt(id: string, version: number): string | undefined {
    const known = this.entries.get(id);
    return known?.version === version ? known.state : undefined;
  }
}
