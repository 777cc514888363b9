import { describe, expect, it } from 'vitest';
import { createPolicyEngine } from '../../policy/index.js';
import type { ContractAgreement } from '../negotiation/agreement/contract-agreement.js';
import { agreementWindow } from './agreement-window.js';

const T = (iso: string) => Date.parse(iso);
let n = 0;
/** Agreements never change, so each test policy gets an agreement id of its own (the window parses each id once). */
const agreement = (constraint: unknown[]): ContractAgreement =>
  ({
    id: `agr-${++n}`,
    assetId: 'a',
    assigner: 'did:web:site',
    assignee: 'did:web:coordinator',
    signedAt: T('2026-06-01T00:00:00Z'),
    status: 'active',
    policy: {
      permission: [{ action: 'use', constraint }],
      obligation: [{ action: 'delete', constraint: [{ leftOperand: 'elapsedTime', operator: 'lteq', rightOperand: 'PT0S' }] }],
    },
  }) as unknown as ContractAgreement;
const window = agreementWindow(createPolicyEngine());

describe("the consumer-side reading of an agreement's time window (row 11: dateTime checked on both sides)", () => {
  const inAnd = agreement([
    {
      and: [
        { leftOperand: 'purpose', operator: 'isA', rightOperand: 'https://w3id.org/kontor/purpose/federated-training' },
        { leftOperand: 'dateTime', operator: 'lteq', rightOperand: { '@value': '2026-07-01T00:00:00Z', '@type': 'xsd:dateTime' } },
        { leftOperand: 'recipient', operator: 'eq', rightOperand: 'did:web:someone-else' },
      ],
    },
  ]);

  it('should judge only the time constraints, even when others (purpose, recipient) come first in an and', () => {
    expect(window(inAnd, T('2026-06-15T00:00:00Z'))).toBeUndefined();
    expect(window(inAnd, T('2026-07-02T00:00:00Z'))).toMatch(/time window is closed: dateTime lteq/);
  });

  it("should measure elapsedTime from the agreement's signing, and ignore the obligations' deadlines", () => {
    const elapsed = agreement([{ leftOperand: 'elapsedTime', operator: 'lteq', rightOperand: 'P30D' }]);
    expect(window(elapsed, T('2026-06-20T00:00:00Z'))).toBeUndefined();
    expect(window(elapsed, T('2026-07-05T00:00:00Z'))).toMatch(/elapsedTime/);
  });

  it('should leave agreements without time constraints, and or-branches, to the counterparty', () => {
    expect(window(agreement([{ leftOperand: 'purpose', operator: 'isA', rightOperand: 'x' }]), T('2030-01-01T00:00:00Z'))).toBeUndefined();
    const either = agreement([
      {
        or: [
          { leftOperand: 'dateTime', operator: 'lteq', rightOperand: '2026-01-01T00:00:00Z' },
          { leftOperand: 'purpose', operator: 'isA', rightOperand: 'x' },
        ],
      },
    ]);
    expect(window(either, T('2030-01-01T00:00:00Z'))).toBeUndefined();
  });
});
