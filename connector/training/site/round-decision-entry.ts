import type { AuditInput } from '../../audit/index.js';
import type { RoundDecision } from './site-gate.js';

/** The audit entry of the site's decision on a training round (permit or deny), filed under the training transfer. */
export function roundDecisionEntry(decision: RoundDecision): AuditInput {
  return {
    type: 'training.round',
    actor: decision.caller,
    agreementId: decision.agreementId,
    subject: decision.transferId,
    data: { ...decision, decision: decision.allowed ? 'permit' : 'deny' } as never,
  };
}
