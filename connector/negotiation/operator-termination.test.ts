import { describe, expect, it } from 'vitest';
import type { ContractNegotiation } from './contract-negotiation.js';
import { NEGOTIATION_STATES } from './negotiation-state.js';
import { operatorTerminationProblem } from './operator-termination.js';

const negotiation = (role: ContractNegotiation['role'], state: ContractNegotiation['state'], messageOut = false) =>
  ({ id: 'n', role, state, messageOut }) as unknown as ContractNegotiation;

/** Every state of each role, and whether an operator's termination is refused there (with our message out or not). */
const REFUSED: Record<ContractNegotiation['role'], { out: readonly string[]; notOut: readonly string[] }> = {
  provider: { out: ['FINALIZING', 'FINALIZED', 'TERMINATED'], notOut: ['FINALIZING', 'FINALIZED', 'TERMINATED'] },
  consumer: { out: ['VERIFYING', 'VERIFIED', 'FINALIZED', 'TERMINATED'], notOut: ['VERIFIED', 'FINALIZED', 'TERMINATED'] },
};

describe('operatorTerminationProblem', () => {
  for (const role of ['provider', 'consumer'] as const)
    for (const messageOut of [true, false])
      it.each(NEGOTIATION_STATES)(`${role}, message ${messageOut ? 'out' : 'not out'}: %s`, (state) => {
        const refused = (messageOut ? REFUSED[role].out : REFUSED[role].notOut).includes(state);
        expect(operatorTerminationProblem(negotiation(role, state, messageOut)) !== undefined).toBe(refused);
      });

  it('should tell the operator to revoke the agreement instead while it is being concluded', () => {
    expect(operatorTerminationProblem(negotiation('provider', 'FINALIZING'))).toMatch(/could cross its FINALIZED message; revoke the agreement/);
    expect(operatorTerminationProblem(negotiation('consumer', 'FINALIZED'))).toBe("negotiation 'n' is already FINALIZED");
  });
});
