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
 * ciphertext under it unreadable wherever copies (backups, replicas) remain. Keys are kept as plain
 * bytes in this store: protect the database like a key file (wrapping them with a key-encryption key
 * from an HSM or KMS is the next step and not done here).
 */
export interface ArtifactKeyStore {
  /** The existing key, or a new random one; two racing callers get the same key. */
  getOrCreate(agreementId: string, artifactClass: string): Promise<ArtifactKey>;
  find(agreementId: string, artifactClass: string): Promise<ArtifactKey | undefined>;
  /** Destroys the key; returns its id, or undefined when there was none (idempotent). */
  destroy(agreementId: string, artifactClass: string): Promise<string | undefined>;
}
