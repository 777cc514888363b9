import type { ContractNegotiation } from './contract-negotiation.js';
import type { NegotiationDeps } from './negotiation-deps.js';
import { agreementIdFor } from './processors/provider-processors.js';

/**
 * A provider stores the agreement before it sends it (AGREEING), so a negotiation that ends TERMINATED instead of
 * FINALIZED may leave one behind: it is revoked then, so that no list shows an agreement nobody concluded as active.
 * (No transfer can run under it: a transfer needs a finalized negotiation.) Run after the TERMINATED save.
 */
export async function voidUnconcludedAgreement(deps: Pick<NegotiationDeps, 'agreements' | 'clock' | 'logger'>, n: ContractNegotiation): Promise<void> {
  if (n.role !== 'provider' || n.state !== 'TERMINATED') return;
  const agreement = await deps.agreements.findById(agreementIdFor(n.id));
  if (agreement?.status !== 'active') return;
  await deps.agreements.revoke(agreement.id, deps.clock.now());
  deps.logger.info({ negotiationId: n.id, agreementId: agreement.id }, 'the negotiation ended TERMINATED: its unconcluded agreement is revoked');
}
