export type { ArtifactKey, ArtifactKeyStore } from './artifact-key-store.js';
export { MemoryArtifactKeyStore } from './memory-artifact-key-store.js';
export { SqlArtifactKeyStore } from './sql-artifact-key-store.js';
export { encryptArtifact, decryptArtifact, type ArtifactBinding } from './artifact-cipher.js';
export { ArtifactVault, type StoredArtifact, type ShredResult } from './artifact-vault.js';
export type { DutyTimer, DutyTimerStore, DutyState, DutyClaim } from './duty-timer.js';
export { SqlDutyTimerStore } from './sql-duty-timer-store.js';
export { buildDeletionReceipt, DELETION_METHOD_CRYPTO_SHRED, type DeletedArtifact, type DeletionReceiptInput } from './deletion-receipt.js';
