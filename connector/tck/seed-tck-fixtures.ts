import type { Asset, ContractDefinition, PolicyDefinition } from '../../catalog/index.js';
import { ConnectorError, toIso, type Clock } from '../../core/index.js';
import type { ContractNegotiation } from '../negotiation/index.js';
import type { Stores } from '../store/sql/create-stores.js';
import type { FixtureAgreement, TckFixtures } from './tck-fixtures.js';
import { newEntity } from '../statemachine/new-entity.js';

type SeedStores = Pick<Stores, 'assets' | 'policies' | 'contractDefinitions' | 'agreements' | 'negotiations'>;
const RULES = ['permission', 'prohibition', 'obligation'];

/**
 * Writes the fixtures into the stores; what exists already (same id) is left as it is, so a restart seeds nothing twice.
 * Each agreement gets the FINALIZED negotiation it came from (the provider's transfer path requires one).
 */
export async function seedTckFixtures(f: TckFixtures, deps: { stores: SeedStores; participantId: string; clock: Clock; checkPolicy: (policy: unknown) => void }): Promise<void> {
  const { stores } = deps;
  for (const p of f.policies) {
    deps.checkPolicy(p.policy);
    if (!(await stores.policies.findById(String(p.id)))) await stores.policies.create(p as unknown as Omit<PolicyDefinition, 'createdAt' | 'updatedAt' | 'version'>);
  }
  for (const a of f.assets) if (!(await stores.assets.findById(String(a.id)))) await stores.assets.create(a as unknown as Omit<Asset, 'createdAt' | 'updatedAt' | 'version'>);
  for (const d of f.contractDefinitions) {
    const definition = { assetsSelector: [], ...d } as unknown as Omit<ContractDefinition, 'createdAt' | 'updatedAt' | 'version'>;
    if (!(await stores.contractDefinitions.findById(definition.id))) await stores.contractDefinitions.create(definition);
  }
  for (const alias of f.offerAliases) {
    if (!(await stores.contractDefinitions.findById(alias.contractDefinitionId)) || !(await stores.assets.findById(alias.assetId))) {
      throw new ConnectorError('CONFIG_INVALID', { detail: `TCK offer alias '${alias.offerId}' names a contract definition or asset that does not exist` });
    }
  }
  for (const a of f.agreements) if (!(await stores.agreements.findById(a.id))) await seedAgreement(a, deps);
}

async function seedAgreement(a: FixtureAgreement, deps: { stores: SeedStores; participantId: string; clock: Clock }): Promise<void> {
  const policyDefinition = await deps.stores.policies.findById(a.policyId);
  if (!policyDefinition) throw new ConnectorError('CONFIG_INVALID', { detail: `TCK agreement '${a.id}' names policy '${a.policyId}', which does not exist` });
  const now = deps.clock.now();
  const [assigner, assignee] = a.role === 'provider' ? [deps.participantId, a.counterPartyId] : [a.counterPartyId, deps.participantId];
  const rules = Object.fromEntries(Object.entries(policyDefinition.policy).filter(([k]) => RULES.includes(k)));
  const policy = { '@id': a.id, '@type': 'Agreement', ...rules, target: a.assetId, assigner, assignee, timestamp: toIso(now).replace(/\.\d{3}Z$/, 'Z') };
  const negotiationId = `urn:kontor:tck:negotiation:${a.id}`;
  const pid = (side: string) => `urn:kontor:tck:${side}:${a.id}`;
  const negotiation: ContractNegotiation = {
    id: negotiationId,
    role: a.role,
    ...newEntity('FINALIZED', now),
    consumerPid: a.role === 'consumer' ? negotiationId : pid('consumer'),
    providerPid: a.role === 'provider' ? negotiationId : pid('provider'),
    ...(a.role === 'provider' ? { correlationId: pid('consumer') } : {}),
    counterPartyId: a.counterPartyId,
    counterPartyAddress: a.counterPartyAddress,
    offer: { ...rules, '@type': 'Offer', target: a.assetId, assigner },
    assetId: a.assetId,
    agreementId: a.id,
    handledMessages: [],
    history: [],
  };
  await deps.stores.negotiations.save(negotiation);
  await deps.stores.agreements.save({ id: a.id, negotiationId, assigner, assignee, assetId: a.assetId, policy, signedAt: now, status: 'active' });
}
