/**
 * One setting every replica on a schema must share. `fingerprint` is undefined when this process has no value it
 * could share (unset, or made up per process); `alone` says whether it is the only replica running, so a resource
 * it may create (the storage marker) is created only then.
 */
export interface SharedSetting {
  /** The configuration key, as the operator knows it (named in every refusal). */
  readonly setting: string;
  fingerprint(alone: boolean): Promise<string | undefined>;
  /** What to do when this replica has no shareable value. */
  readonly whenMissing: string;
  /**
   * Whether the operator set it (not a value made up at first use, such as a generated KEK file): a replica on
   * PostgreSQL with a production identity is refused at start, even alone, when a setting is not explicit.
   */
  readonly explicit: boolean;
}

/** A setting refused at start, by name. */
export interface SettingMismatch {
  readonly setting: string;
  readonly problem: string;
}
