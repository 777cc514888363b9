import { describe, expect, it } from 'vitest';
import type { TransferProcess, TransferRole } from './transfer-process.js';
import type { TransferState } from './transfer-state.js';
import { suspendedByOnPeerMessage, suspender } from './transfer-suspension.js';

const at = (role: TransferRole, state: TransferState, fields: Partial<TransferProcess> = {}) => ({ id: 't-1', role, state, history: [], ...fields }) as unknown as TransferProcess;
const path = (...states: TransferState[]) => states.map((state, i) => ({ state, at: i, cause: '' }));

describe('who suspended a transfer', () => {
  it.each([
    ['provider', 'SUSPENDED', { suspendedBy: 'consumer' }, 'consumer'],
    ['consumer', 'SUSPENDING', {}, 'consumer'],
    ['provider', 'STARTED', { suspendedBy: 'provider' }, undefined],
    // Records saved before suspendedBy: our own suspension passed through SUSPENDING, a peer's did not.
    ['provider', 'SUSPENDED', { history: path('STARTED', 'SUSPENDING', 'SUSPENDED') }, 'provider'],
    ['provider', 'SUSPENDED', { history: path('STARTED', 'SUSPENDED') }, 'consumer'],
    ['consumer', 'SUSPENDED', { history: path('STARTED', 'SUSPENDED') }, 'provider'],
    ['provider', 'SUSPENDED', {}, undefined],
  ] as const)('a %s in %s with %o: %s', (role, state, fields, expected) => {
    expect(suspender(at(role, state, fields as Partial<TransferProcess>))).toBe(expected);
  });

  it("a peer's suspension is the peer's, unless the provider had suspended already", () => {
    expect(suspendedByOnPeerMessage(at('provider', 'STARTED'))).toBe('consumer');
    expect(suspendedByOnPeerMessage(at('provider', 'SUSPENDING', { suspendedBy: 'provider' }))).toBe('provider');
    expect(suspendedByOnPeerMessage(at('consumer', 'SUSPENDING', { suspendedBy: 'consumer' }))).toBe('provider');
  });
});
