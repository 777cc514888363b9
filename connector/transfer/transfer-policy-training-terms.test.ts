import { afterEach, describe, expect, it } from 'vitest';
import { type ConnectorError, silentLogger } from '../../core/index.js';
import { createPolicyEngine } from '../../policy/index.js';
import { allowedAgent, CONSUMER, PROVIDER } from '../../test/helpers/provider-negotiation-harness.js';
import { transferUnit, type TransferUnit } from '../../test/helpers/transfer-unit.js';
import { standingCheck } from '../usage/index.js';
import { transferPolicy } from './transfer-policy.js';

let unit: TransferUnit;
afterEach(async () => unit.close());

/** Meant for training only: a pinned plan and one round. Neither is settled by any transfer, only by training rounds. */
const trainingOnly = {
  '@type': 'Set',
  permission: [
    {
      action: 'use',
      constraint: [
        { leftOperand: 'fl:planHash', operator: 'eq', rightOperand: `sha256:${'a'.repeat(64)}` },
        { leftOperand: 'count', operator: 'lteq', rightOperand: 1, unit: 'fl:TrainingRound' },
      ],
    },
  ],
};

async function setup() {
  unit = await transferUnit({ self: PROVIDER });
  await unit.stores.agreements.save({
    id: 'fl',
    negotiationId: 'n1',
    assigner: PROVIDER,
    assignee: CONSUMER,
    assetId: 'asset-1',
    policy: trainingOnly,
    signedAt: unit.clock.now(),
    status: 'active',
  });
  return transferPolicy({
    agreements: unit.stores.agreements,
    engine: createPolicyEngine(),
    clock: unit.clock,
    logger: silentLogger,
    participantId: PROVIDER,
    uses: unit.stores.transferUses,
    standing: standingCheck(unit.stores.suspensions),
  });
}
const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'allowed',
    (e: unknown) => `${(e as ConnectorError).code}: ${(e as ConnectorError).detail}`,
  );

describe('transfer policy and terms only training rounds settle', () => {
  it.each(['HttpData-PULL', 'HttpData-PUSH'])('should deny a %s transfer, naming the terms, and take no use', async (transferType) => {
    const p = await setup();
    const got = await outcome(p.admit({ agreementId: 'fl', agent: allowedAgent, transferId: 't1', transferType }));
    expect(got).toMatch(/^POLICY_DENIED: .*fl:planHash eq sha256:a+ is settled only in scope 'training.round'/);
    expect(got).toMatch(/count lteq 1 \(fl:TrainingRound\) is settled only in scope 'training.round'/);
    expect(got).not.toMatch(/transfers accepted under the agreement before/);
    expect(await unit.stores.transferUses.count('fl')).toBe(0);
    expect(await outcome(p.check({ agreementId: 'fl', agent: allowedAgent, transferType, useNumber: 1 }))).toMatch(/^POLICY_DENIED: .*fl:planHash/);
  });

  it('should admit a FederatedTraining transfer: its rounds settle the terms', async () => {
    const p = await setup();
    expect(await outcome(p.admit({ agreementId: 'fl', agent: allowedAgent, transferId: 't1', transferType: 'FederatedTraining' }))).toBe('allowed');
    expect(await outcome(p.check({ agreementId: 'fl', agent: allowedAgent, transferType: 'FederatedTraining', useNumber: 1 }))).toBe('allowed');
  });
});
