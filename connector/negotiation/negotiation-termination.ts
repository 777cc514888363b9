import { checkInbound } from './negotiation-inbound-rules.js';
import type { ContractNegotiation } from './contract-negotiation.js';
import { checkNegotiationMessage } from './negotiation-message-checks.js';
import type { NegotiationDeps } from './negotiation-deps.js';
import { moveNegotiation } from './move-negotiation.js';
import { updateNegotiation } from './negotiation-updater.js';

/** POST …/termination, either role, from any non-terminal state; in FINALIZED or TERMINATED it is an invalid transition. */
export async function receiveTermination(deps: NegotiationDeps, n: ContractNegotiation, body: unknown): Promise<ContractNegotiation> {
  const m = checkNegotiationMessage<{ code?: string; reason?: unknown[] }>('ContractNegotiationTerminationMessage', body);
  const reason = [m.code, ...(m.reason ?? []).map((r) => (typeof r === 'string' ? r : JSON.stringify(r)))].filter(Boolean).join('; ') || 'terminated by the counterparty';
  checkInbound(n, 'termination');
  const { before, after } = await updateNegotiation(
    deps.store,
    n.id,
    (cur) =>
      checkInbound(cur, 'termination') && {
        ...moveNegotiation({ ...cur, pending: false }, 'TERMINATED', 'ContractNegotiationTerminationMessage received', deps.clock),
        terminationReason: reason,
      },
    { current: n },
  );
  deps.onChanged?.(before, after);
  return after;
}
