import { afterEach, describe, expect, it } from 'vitest';
import { negotiationUnit, type NegotiationUnit } from '../../test/helpers/negotiation-unit.js';
import { agreementIdFor } from './processors/provider-processors.js';
import { voidUnconcludedAgreement } from './void-unconcluded-agreement.js';

let unit: NegotiationUnit;
afterEach(async () => unit.close());

describe('voidUnconcludedAgreement', () => {
  const withAgreement = async (role: 'provider' | 'consumer', state: 'TERMINATED' | 'FINALIZED') => {
    const n = await unit.seed({ role, state });
    const id = agreementIdFor(n.id);
    await unit.stores.agreements.save({
      id,
      negotiationId: n.id,
      assigner: 'did:web:p',
      assignee: 'did:web:c',
      assetId: 'a',
      policy: { '@id': id, '@type': 'Agreement', permission: [{ action: 'use' }] },
      signedAt: unit.clock.now(),
      status: 'active',
    });
    await voidUnconcludedAgreement(unit.deps, n);
    return unit.stores.agreements.getById(id);
  };

  it("should revoke the agreement a provider's terminated negotiation left behind", async () => {
    unit = await negotiationUnit();
    expect(await withAgreement('provider', 'TERMINATED')).toMatchObject({ status: 'revoked', revokedAt: unit.clock.now() });
  });

  it('should leave a finalized agreement, and a consumer-side one, as they are', async () => {
    unit = await negotiationUnit();
    expect((await withAgreement('provider', 'FINALIZED')).status).toBe('active');
    expect((await withAgreement('consumer', 'TERMINATED')).status).toBe('active');
  });
});
