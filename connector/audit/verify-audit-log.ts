import type { Clock } from '../../core/index.js';
import type { CheckpointSignatureCheck, SignedAuditCheckpoint } from './audit-checkpoint.js';
import { AuditLog } from './audit-log.js';
import type { AuditStore } from './audit-store.js';
import type { ChainProblem } from './verify-chain.js';

/** What `kontor audit verify` prints and `GET /api/v1/audit/verify` returns. */
export interface AuditVerificationReport {
  readonly ok: boolean;
  readonly entriesChecked: number;
  readonly headSeq: number;
  readonly headHash: string;
  /** The first broken place in the chain, if any. */
  readonly problem?: ChainProblem;
  readonly checkpoints: readonly { seq: number; ok: boolean; problem?: string }[];
  readonly verifiedAt: string;
}

/**
 * Verifies the chain and, when given, the checkpoints a counterparty holds of this log (these catch
 * a truncated tail, which the chain alone cannot). ok = chain intact and every checkpoint matches.
 */
export async function verifyAuditLog(
  store: AuditStore,
  options: { clock: Clock; checkpoints?: readonly SignedAuditCheckpoint[]; checkSignature?: CheckpointSignatureCheck },
): Promise<AuditVerificationReport> {
  const log = new AuditLog(store, options.clock);
  const chain = await log.verify();
  const checkpoints = [];
  for (const signed of options.checkpoints ?? []) {
    const check = options.checkSignature ?? (async () => false);
    const result = await log.verifyCheckpoint(signed, check);
    checkpoints.push({ seq: signed.checkpoint.seq, ...result });
  }
  const base = {
    ok: chain.ok && checkpoints.every((c) => c.ok),
    entriesChecked: chain.checked,
    headSeq: chain.headSeq,
    headHash: chain.headHash,
    checkpoints,
    verifiedAt: options.clock.isoNow(),
  };
  return chain.problem ? { ...base, problem: chain.problem } : base;
}
