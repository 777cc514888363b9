import type { ContractNegotiation } from './contract-negotiation.js';
import { isFinal } from './move-negotiation.js';

/**
 * Why an operator may not terminate `n` now, or undefined when they may. Besides a final state: once the consumer's
 * verification is out (consumer VERIFYING with the message out, or VERIFIED) or the provider is FINALIZING, the
 * provider's FINALIZED event may already be on its way or received, and a termination crossing it would leave the
 * two sides apart (one FINALIZED, the other TERMINATED): the agreement is concluded; revoke it instead.
 */
export function operatorTerminationProblem(n: ContractNegotiation): string | undefined {
  if (isFinal(n)) return `negotiation '${n.id}' is already ${n.state}`;
  const concluding = n.role === 'provider' ? n.state === 'FINALIZING' : n.state === 'VERIFIED' || (n.state === 'VERIFYING' && n.messageOut === true);
  if (concluding)
    return `negotiation '${n.id}' is ${n.state}: the agreement is being concluded with the counterparty, so a termination could cross its FINALIZED message; revoke the agreement once it is FINALIZED instead`;
  return undefined;
}
