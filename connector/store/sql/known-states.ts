/** Entities remembered (least recently used goes first). */
export const KNOWN_STATES_SIZE = 1000;

/** What this process knows of an entity at one version: its state and its indexed keys. */
export interface KnownVersion {
  version: number;
  state: string;
  /** The correlation and counterparty ids (indexed columns: a save leaves them out of its SET when they are unchanged). */
  keys: string;
}

/** The indexed keys of a row or entity, as one comparable string. */
export const keysOf = (correlationId: unknown, counterPartyId: unknown): string => JSON.stringify([correlationId ?? null, counterPartyId ?? null]);

/**
 * The state (and indexed keys) each entity had at a version, as this process last read or committed it. A version is
 * written once (every save bumps it; leases do not touch the state or the keys), so what it holds never changes and a
 * save that replaces that version can take its `from` state from here instead of reading the row again, and leave
 * unchanged keys out of its UPDATE; the save's own `WHERE version = …` still refuses it when someone else replaced
 * that version meanwhile.
 */
export class KnownStates {
  private readonly entries = new Map<string, KnownVersion>();

  constructor(private readonly size = KNOWN_STATES_SIZE) {}

  note(id: string, version: number, state: string, keys: string): void {
    this.entries.delete(id);
    this.entries.set(id, { version, state, keys });
    if (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value as string);
  }

  /** The state at `version`, when that is the version last seen. */
  stateAt(id: string, version: number): string | undefined {
    return this.at(id, version)?.state;
  }

  /** What is known at `version`, when that is the version last seen. */
  at(id: string, version: number): KnownVersion | undefined {
    const known = this.entries.get(id);
    return known?.version === version ? known : undefined;
  }
}
