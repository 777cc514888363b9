import { afterEach, describe, expect, it } from 'vitest';
import { ConnectorError, silentLogger } from '../../core/index.js';
import { createPolicyEngine } from '../../policy/index.js';
import { allowedAgent, CONSUMER, PROVIDER } from '../../test/helpers/provider-negotiation-harness.js';
import { transferUnit, type TransferUnit } from '../../test/helpers/transfer-unit.js';
import { standingCheck } from '../usage/index.js';
import type { AuditInput } from '../audit/index.js';
import { transferPolicy } from './transfer-policy.js';

let unit: TransferUnit;
let denials: AuditInput[];
afterEach(async () => unit.close());
const PURPOSE = 'https://w3id.org/kontor/purpose/federated-training';
/** Until 2026-06-01 (the fixed clock stands at 2026-01-01), for one purpose. */
const policy = {
  '@type': 'Set',
  permission: [
    {
      action: 'use',
      constraint: [
        {
          and: [
            { leftOperand: 'dateTime', operator: 'lt', rightOperand: '2026-06-01T00:00:00Z' },
            { leftOperand: 'purpose', operator: 'isA', rightOperand: PURPOSE },
          ],
        },
      ],
    },
  ],
};

async function setup() {
  unit = await transferUnit({ self: PROVIDER });
  const now = unit.clock.now();
  denials = [];
  const save = (id: string, fields: { assigner?: string; assignee?: string; policy?: Record<string, unknown> } = {}) =>
    unit.stores.agreements.save({
      id,
      negotiationId: 'n1',
      assigner: fields.assigner ?? PROVIDER,
      assignee: fields.assignee ?? CONSUMER,
      assetId: 'asset-1',
      policy: fields.policy ?? policy,
      signedAt: now,
      status: 'active',
    });
  await save('a1');
  await save('for-another-consumer', { assignee: 'did:web:other' });
  await save('of-another-provider', { assigner: 'did:web:other' });
  await save('revoked');
  await save('twice', { policy: { '@type': 'Set', permission: [{ action: 'use', constraint: [{ leftOperand: 'count', operator: 'lteq', rightOperand: 2 }] }] } });
  await unit.stores.agreements.revoke('revoked', now);
  return transferPolicy({
    agreements: unit.stores.agreements,
    engine: createPolicyEngine(),
    clock: unit.clock,
    logger: silentLogger,
    participantId: PROVIDER,
    uses: unit.stores.transferUses,
    standing: standingCheck(unit.stores.suspensions),
    recordDenial: (entry) => void denials.push(entry),
  });
}
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 'allowed',
    (e: unknown) => `${(e as ConnectorError).code}: ${(e as ConnectorError).detail}`,
  );

describe('transfer policy (may this transfer happen under the agreement, now?)', () => {
  it('should allow the agreed consumer, for the agreed purpose, within the window, and return the agreement', async () => {
    const check = await setup();
    expect(await check.check({ agreementId: 'a1', agent: allowedAgent, purpose: PURPOSE })).toMatchObject({ id: 'a1', status: 'active' });
  });

  it.each([
    ['an unknown agreement', { agreementId: 'nope' }, /^VALIDATION_FAILED: no agreement 'nope' between us and the caller/],
    ['an agreement with another consumer', { agreementId: 'for-another-consumer' }, /^VALIDATION_FAILED: no agreement/],
    ['an agreement of another provider', { agreementId: 'of-another-provider' }, /^VALIDATION_FAILED: no agreement/],
    ['a revoked agreement', { agreementId: 'revoked' }, /^FORBIDDEN: agreement 'revoked' is revoked/],
    ['another purpose', { purpose: 'https://w3id.org/kontor/purpose/marketing' }, /^POLICY_DENIED: .*purpose/],
    ['no purpose', { purpose: undefined }, /^POLICY_DENIED: .*purpose/],
  ])('should refuse %s', async (_case, input, reason) => {
    const check = await setup();
    expect(await refusal(check.check({ agreementId: 'a1', agent: allowedAgent, purpose: PURPOSE, ...input }))).toMatch(reason);
  });

  it('should refuse once the window has closed, by its own clock', async () => {
    const check = await setup();
    unit.clock.advance(Date.parse('2026-06-01T00:00:00Z') - unit.clock.now());
    expect(await refusal(check.check({ agreementId: 'a1', agent: allowedAgent, purpose: PURPOSE }))).toMatch(/^POLICY_DENIED: .*dateTime/);
  });

  it('should refuse a suspended consumer', async () => {
    const check = await setup();
    await unit.stores.suspensions.suspend({ participantId: CONSUMER, reason: 'no deletion receipt', source: 'missed-deadline' });
    expect(await refusal(check.check({ agreementId: 'a1', agent: allowedAgent, purpose: PURPOSE }))).toMatch(/^FORBIDDEN: .*suspended: no deletion receipt/);
  });
});

describe('transfer policy and a count of uses (each accepted transfer is one use)', () => {
  const admit = (p: Awaited<ReturnType<typeof setup>>, transferId: string) =>
    p.admit({ agreementId: 'twice', agent: allowedAgent, transferId }).then(
      (r) => r.useNumber,
      (e: unknown) => `${(e as ConnectorError).code}: ${(e as ConnectorError).detail}`,
    );

  it('should admit transfers up to the count, numbering their uses, and refuse the next with the reason, taking no use', async () => {
    const p = await setup();
    expect([await admit(p, 't1'), await admit(p, 't2')]).toEqual([1, 2]);
    expect(await admit(p, 't3')).toMatch(/^POLICY_DENIED: .*count lteq 2 does not hold: saw 3.*2 transfers accepted under the agreement before, this would be use 3/);
    expect(await unit.stores.transferUses.count('twice')).toBe(2);
    expect(denials).toEqual([expect.objectContaining({ type: 'policy.decision', agreementId: 'twice', data: expect.objectContaining({ occasion: 'request' }) })]);
  });

  it('should name the uses in a refusal only where they weigh', async () => {
    const p = await setup();
    expect((await p.admit({ agreementId: 'a1', agent: allowedAgent, purpose: PURPOSE, transferId: 't1' })).useNumber).toBe(1);
    const other = await refusal(p.admit({ agreementId: 'a1', agent: allowedAgent, purpose: 'https://w3id.org/kontor/purpose/marketing', transferId: 't2' }));
    expect(other).toMatch(/^POLICY_DENIED: .*purpose/);
    expect(other).not.toMatch(/transfers accepted/);
  });

  it('should answer a transfer that already holds a use with that use, claiming no second one', async () => {
    const p = await setup();
    expect([await admit(p, 't1'), await admit(p, 't1'), await admit(p, 't2')]).toEqual([1, 1, 2]);
    expect(await unit.stores.transferUses.count('twice')).toBe(2);
  });

  it('should take no use for a request refused by its other conditions', async () => {
    const p = await setup();
    const refused = await refusal(
      p.admit({ agreementId: 'twice', agent: allowedAgent, transferId: 't1' }, async () => {
        throw new ConnectorError('VALIDATION_FAILED', { detail: 'the negotiation is not finalized' });
      }),
    );
    expect(refused).toMatch(/not finalized/);
    expect([await unit.stores.transferUses.count('twice'), await admit(p, 't2')]).toEqual([0, 1]);
  });

  it('should check an admitted transfer again with its own use, however many uses later transfers took', async () => {
    const p = await setup();
    await admit(p, 't1');
    await admit(p, 't2');
    const again = (useNumber: number | undefined) => refusal(p.check({ agreementId: 'twice', agent: allowedAgent, useNumber }));
    expect([await again(1), await again(2)]).toEqual(['allowed', 'allowed']);
    expect(await again(3)).toMatch(/^POLICY_DENIED: .*count/);
    // A transfer without a use (none was claimed for it) cannot pass a count: it fails closed.
    expect(await again(undefined)).toMatch(/^POLICY_DENIED: .*usageCount/);
  });
});
