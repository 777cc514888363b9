/** One data-encryption key for all artifacts of one class under one agreement. Secret: never log it. */
export interface ArtifactKey {
  readonly agreementId: string;
  readonly artifactClass: string;
  readonly keyId: string;
  /** 32 bytes, AES-256-GCM. */
  readonly key: Buffer;
  readonly createdAt: number;
}

/**
 * Keys per (agreement, artifact class): the crypto-shredding key store. Destroying a key makes every
 * ciphertext under it unreadable wherever copies of the ciphertext remain. The SQL store keeps each key
 * wrapped with a key-encryption key held outside the database (see sql-artifact-key-store.ts); the
 * memory store is for tests. Every returned ArtifactKey holds its own copy of the bytes: the caller may
 * (and the vault does) wipe it after use.
 */
export interface ArtifactKeyStore {
  /** The existing key, or a new random one; two racing callers get the same key (same id and bytes). */
  getOrCreate(agreementId: string, artifactClass: string): Promise<ArtifactKey>;
  find(agreementId: string, artifactClass: string): Promise<ArtifactKey | undefined>;
  /** Destroys the key; returns its id, or undefined when there was none (idempotent). */
  destroy(agreementId: string, artifactClass: string): Promise<string | undefined>;
}
