import { pino } from 'pino';
import { ConnectorError, FixedClock, silentLogger } from '../../core/index.js';
import type { ParticipantAgent } from '../../policy/index.js';
import type { PolicyDefinition } from '../../catalog/index.js';
import { listen, type Listening } from '../../connector/http/listen.js';
import { createPublicApp } from '../../connector/dsp/public-app.js';
import { mountCatalogProtocol, type CatalogProtocolDeps } from '../../connector/dsp/mount-catalog-protocol.js';
import { storesOn, type Stores } from '../../connector/store/sql/create-stores.js';
import { freshDatabase } from '../helpers/test-database.js';

export const PROVIDER_ID = 'did:web:provider.example';

/** Bearer tokens the fake identity layer knows. */
export const AGENTS: Record<string, ParticipantAgent> = {
  'token-guest': { id: 'did:web:guest.example', claims: { credentialTypes: [] } },
  'token-member': { id: 'did:web:member.example', claims: { credentialTypes: ['MembershipCredential'] } },
};

/** Stand-in for the identity middleware: `Authorization: Bearer <token>` from AGENTS, else UNAUTHORIZED. */
export const fakeAuthenticate: CatalogProtocolDeps['authenticate'] = async (req) => {
  const header = req.get('authorization') ?? '';
  const agent = AGENTS[header.replace(/^Bearer /, '')];
  if (!header.startsWith('Bearer ') || !agent) throw new ConnectorError('UNAUTHORIZED', { detail: 'missing or unknown bearer token' });
  return agent;
};

/** Stand-in for the policy engine: every `kontor:credentialType eq X` constraint needs credential X; `fail` throws. */
export const fakeVisibility: CatalogProtocolDeps['isOfferVisible'] = (accessPolicy, agent) => {
  const rules = (accessPolicy.policy.permission ?? []) as { constraint?: { leftOperand: string; rightOperand: string }[] }[];
  return rules.every((r) =>
    (r.constraint ?? []).every((c) => {
      if (c.leftOperand === 'fail') throw new Error('engine failure');
      return c.leftOperand !== 'kontor:credentialType' || agent.claims.credentialTypes.includes(c.rightOperand);
    }),
  );
};

const policy = (id: string, body: Record<string, unknown>): Omit<PolicyDefinition, 'createdAt' | 'updatedAt' | 'version'> => ({ id, policy: body });

/** Seven open assets a01..a07, one members-only asset, one asset nobody offers, one broken access policy. */
export async function seed(stores: Stores): Promise<void> {
  await stores.policies.create(policy('open', { '@type': 'Set', permission: [{ action: 'use' }] }));
  await stores.policies.create(
    policy('members', {
      '@type': 'Set',
      permission: [{ action: 'use', constraint: [{ leftOperand: 'kontor:credentialType', operator: 'eq', rightOperand: 'MembershipCredential' }] }],
    }),
  );
  await stores.policies.create(policy('broken', { '@type': 'Set', permission: [{ action: 'use', constraint: [{ leftOperand: 'fail', operator: 'eq', rightOperand: 'x' }] }] }));
  await stores.policies.create(policy('use', { '@type': 'Set', permission: [{ action: 'use' }] }));
  await stores.policies.create(
    policy('use-eu', {
      '@type': 'Set',
      permission: { action: 'use', constraint: { leftOperand: 'spatial', operator: 'eq', rightOperand: 'http://example.org/EU' } },
      prohibition: [{ action: 'distribute' }],
    }),
  );
  for (let i = 1; i <= 7; i++) {
    const id = `a0${i}`;
    await stores.assets.create({
      id,
      properties: { title: `Asset ${i}`, keywords: i % 2 ? ['odd'] : ['even'], mediaType: 'text/csv' },
      dataAddress: { type: 'HttpData', baseUrl: 'https://internal.example/secret' },
    });
  }
  await stores.assets.create({ id: 'urn:asset:members/only', properties: { title: 'Members only' }, dataAddress: { type: 'HttpData' } });
  await stores.assets.create({ id: 'orphan', properties: { title: 'Offered to nobody' }, dataAddress: { type: 'HttpData' } });
  await stores.contractDefinitions.create({
    id: 'd-open',
    accessPolicyId: 'open',
    contractPolicyId: 'use',
    assetsSelector: [{ operandLeft: 'mediaType', operator: '=', operandRight: 'text/csv' }],
  });
  await stores.contractDefinitions.create({
    id: 'd-members',
    accessPolicyId: 'members',
    contractPolicyId: 'use-eu',
    assetsSelector: [{ operandLeft: 'id', operator: 'in', operandRight: ['a01', 'urn:asset:members/only'] }],
  });
  await stores.contractDefinitions.create({
    id: 'd-broken',
    accessPolicyId: 'broken',
    contractPolicyId: 'use',
    assetsSelector: [{ operandLeft: 'id', operator: '=', operandRight: 'orphan' }],
  });
}

export interface RunningProvider {
  url: string;
  base: string;
  stores: Stores;
  stop(): Promise<void>;
}

/** The real public app with the catalog protocol mounted, on loopback, over a fresh seeded SQLite store. */
export async function startProvider(overrides: Partial<CatalogProtocolDeps> = {}): Promise<RunningProvider> {
  const { database, cleanup } = await freshDatabase('sqlite');
  const stores = storesOn(database, new FixedClock());
  await seed(stores);
  let publicUrl = 'http://127.0.0.1:0';
  const app = createPublicApp({
    participantId: PROVIDER_ID,
    logger: pino({ level: 'silent' }),
    problemTypeBase: 'https://w3id.org/kontor/problems/',
    mount: (a) =>
      mountCatalogProtocol(a, {
        participantId: PROVIDER_ID,
        publicUrl: () => publicUrl,
        stores,
        authenticate: fakeAuthenticate,
        isOfferVisible: fakeVisibility,
        logger: silentLogger,
        pageSize: 50,
        ...overrides,
      }),
  });
  const listening: Listening = await listen(app, '127.0.0.1', 0);
  publicUrl = listening.url;
  const base = `${listening.url}${overrides.basePath ?? '/api/dsp'}`;
  return {
    url: listening.url,
    base,
    stores,
    stop: async () => {
      await listening.close(1000);
      await cleanup();
    },
  };
}
