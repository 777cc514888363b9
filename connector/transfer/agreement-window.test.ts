import { describe, expect, it } from 'vitest';
import { createPolicyEngine } from '../../policy/index.js';
import type { ContractAgreement } from '../negotiation/agreement/contract-agreement.js';
import { agreementWindow } from './agreement-window.js';

const T = (iso: string) => Date.parse(iso);
let n = 0;
/** Agreements never change, so each test policy gets an agreement id of its own (the window parses each id once). */
const agreement = (constraint: unknown[], rest: Record<string, unknown> = {}): ContractAgreement =>
  withPolicy({
    permission: [{ action: 'use', constraint }],
    obligation: [{ action: 'delete', constraint: [{ leftOperand: 'elapsedTime', operator: 'lteq', rightOperand: 'PT0S' }] }],
    ...rest,
  });
const withPolicy = (policy: Record<string, unknown>): ContractAgreement =>
  ({
    id: `agr-${++n}`,
    assetId: 'a',
    assigner: 'did:web:site',
    assignee: 'did:web:coordinator',
    signedAt: T('2026-06-01T00:00:00Z'),
    status: 'active',
    policy,
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

  const until = (iso: string) => ({ leftOperand: 'dateTime', operator: 'lteq', rightOperand: { '@value': iso, '@type': 'xsd:dateTime' } });
  const purpose = { leftOperand: 'purpose', operator: 'isA', rightOperand: 'x' };

  it("should read permissions as alternatives: open while any permission's window is, closed only when none is", () => {
    const two = withPolicy({
      permission: [
        { action: 'use', constraint: [purpose, until('2026-06-10T00:00:00Z')] },
        { action: 'use', constraint: [purpose, until('2026-07-01T00:00:00Z')] },
      ],
    });
    expect(window(two, T('2026-06-05T00:00:00Z'))).toBeUndefined();
    expect(window(two, T('2026-06-15T00:00:00Z'))).toBeUndefined();
    const closed = window(two, T('2026-07-02T00:00:00Z'));
    expect(closed).toMatch(/time window is closed: permission 1: dateTime lteq 2026-06-10.* \| permission 2: dateTime lteq 2026-07-01/);
  });

  it('should keep the window open for good when one permission has no time constraint', () => {
    const open = withPolicy({
      permission: [
        { action: 'use', constraint: [until('2026-06-10T00:00:00Z')] },
        { action: 'use', constraint: [purpose] },
      ],
    });
    expect(window(open, T('2030-01-01T00:00:00Z'))).toBeUndefined();
  });

  it('should read andSequence as a conjunction, like the engine', () => {
    const sequence = agreement([{ andSequence: [purpose, until('2026-06-10T00:00:00Z')] }]);
    expect(window(sequence, T('2026-06-05T00:00:00Z'))).toBeUndefined();
    expect(window(sequence, T('2026-06-15T00:00:00Z'))).toMatch(/time window is closed: dateTime lteq/);
  });

  it("should leave prohibitions and permissions' duties to the provider", () => {
    const rest = {
      prohibition: [{ action: 'use', constraint: [{ leftOperand: 'dateTime', operator: 'gteq', rightOperand: '2026-06-10T00:00:00Z' }] }],
    };
    const withDuty = withPolicy({
      permission: [
        {
          action: 'use',
          constraint: [until('2026-07-01T00:00:00Z')],
          duty: [{ action: 'delete', constraint: [{ leftOperand: 'elapsedTime', operator: 'lteq', rightOperand: 'P1D' }] }],
        },
      ],
      ...rest,
    });
    expect(window(withDuty, T('2026-06-15T00:00:00Z'))).toBeUndefined();
    expect(window(withDuty, T('2026-07-02T00:00:00Z'))).toMatch(/time window is closed: dateTime lteq 2026-07-01/);
  });
});
