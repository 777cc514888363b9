export {
  AUDIT_EVENT_TYPES,
  GENESIS_HASH,
  chainEntry,
  entryHash,
  type AuditEntry,
  type AuditEventType,
  type AuditHead,
  type AuditInput,
  type JsonValue,
} from './audit-entry.js';
export type { AuditAppend, AuditFilter, AuditStore } from './audit-store.js';
export { MemoryAuditStore } from './memory-audit-store.js';
export { AuditLog } from './audit-log.js';
export { ChainVerifier, verifyChain, type ChainProblem, type ChainProblemKind } from './verify-chain.js';
export {
  jwsCheckpointSigner,
  jwsCheckpointVerifier,
  isSignedAuditCheckpoint,
  type AuditCheckpoint,
  type CheckpointSigner,
  type CheckpointSignatureCheck,
  type SignedAuditCheckpoint,
} from './audit-checkpoint.js';
export { verifyAuditLog, type AuditVerificationReport } from './verify-audit-log.js';
