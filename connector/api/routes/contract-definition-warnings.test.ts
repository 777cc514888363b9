import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock, sequentialIds } from '../../../core/index.js';
import { createPolicyEngine } from '../../../policy/index.js';
import { type RunningConnector, startConnector } from '../../../test/helpers/start-connector.js';
import { RequestValidator } from '../../http/request-validator.js';
import { edcContractDefinitions } from '../edc-v3/edc-catalog-resources.js';
import { edcResourceRoutes } from '../edc-v3/edc-resource-routes.js';
import { createManagementApp } from '../management-app.js';
import { openApiDocument } from '../openapi-document.js';
import { contractDefinitionWarnings } from './contract-definition-warnings.js';
import { contractDefinitionResourceSpec, contractDefinitionsRoutes } from './contract-definitions-routes.js';

const KEY = 'k'.repeat(24);
let c: RunningConnector;
let app: ReturnType<typeof createManagementApp>;

/** Meant for training only: a pinned plan and a round budget, which only training rounds settle. */
const trainingOnly = {
  '@type': 'Set',
  permission: [
    {
      action: 'use',
      constraint: [
        { leftOperand: 'fl:planHash', operator: 'eq', rightOperand: `sha256:${'a'.repeat(64)}` },
        { leftOperand: 'count', operator: 'lteq', rightOperand: 3, unit: 'fl:TrainingRound' },
      ],
    },
  ],
};
/** A use count is settled by transfers themselves: nothing deferred to training. */
const plain = { '@type': 'Set', permission: [{ action: 'use', constraint: [{ leftOperand: 'count', operator: 'lteq', rightOperand: 3 }] }] };

beforeAll(async () => {
  c = await startConnector('sqlite');
  const stores = c.connector.stores;
  await stores.policies.create({ id: 'fl-only', policy: trainingOnly });
  await stores.policies.create({ id: 'plain', policy: plain });
  await stores.assets.create({ id: 'http-1', properties: { title: 'Rows over HTTP', kind: 'x' }, dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/x' } });
  await stores.assets.create({ id: 'train-1', properties: { title: 'Training rows', kind: 'x' }, dataAddress: { type: 'TrainingData', source: 'iris' } });
  const validator = new RequestValidator(openApiDocument);
  const warnings = contractDefinitionWarnings({ engine: createPolicyEngine(), policies: stores.policies, assets: stores.assets, clock: new FixedClock(Date.UTC(2026, 0, 1)) });
  const deps = { store: stores.contractDefinitions, ids: sequentialIds('cd'), validator, warnings };
  const v3 = edcResourceRoutes(edcContractDefinitions(contractDefinitionResourceSpec(deps))).map((r) => (r.body ? { ...r, jsonLd: true } : r));
  const routes = [...contractDefinitionsRoutes(deps), ...v3];
  app = createManagementApp({ apiKey: KEY, bodyLimitBytes: 65536, problemTypeBase: 'https://kontor.example/problems/', logger: pino({ level: 'silent' }), routes });
});
afterAll(async () => c.stop());

const post = (path: string, body: object) => request(app).post(path).set('x-api-key', KEY).send(body);
const byIds = (ids: string[]) => [{ operandLeft: 'id', operator: 'in', operandRight: ids }];
const expectedWarning = (assetIds: string[]) => ({
  code: 'TRAINING_TERMS_ON_NON_TRAINING_ASSETS',
  contractPolicyId: 'fl-only',
  terms: [
    { pointer: '/permission/0/constraint/0', constraint: expect.stringContaining('fl:planHash eq sha256:') },
    { pointer: '/permission/0/constraint/1', constraint: expect.stringContaining('count lteq 3') },
  ],
  assetIds,
  assetCount: assetIds.length,
  message: expect.stringMatching(/fl-only.*not training data \(http-1\).*not FederatedTraining is denied/),
});

describe('contract definition warnings: training-only terms on assets that are not training data', () => {
  it('should store the definition and warn, naming the terms and the assets (v1 create and replace)', async () => {
    const res = await post('/api/v1/contract-definitions', { id: 'cd-http', accessPolicyId: 'plain', contractPolicyId: 'fl-only', assetsSelector: byIds(['http-1']) });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: 'cd-http', version: 1, warnings: [expectedWarning(['http-1'])] });
    expect(await c.connector.stores.contractDefinitions.findById('cd-http')).toBeDefined();

    const created = await post('/api/v1/contract-definitions', { id: 'cd-swap', accessPolicyId: 'plain', contractPolicyId: 'fl-only', assetsSelector: byIds(['train-1']) });
    expect(created.body).toEqual({ id: 'cd-swap', version: 1 });
    const replaced = await request(app)
      .put('/api/v1/contract-definitions/cd-swap')
      .set('x-api-key', KEY)
      .send({ accessPolicyId: 'plain', contractPolicyId: 'fl-only', assetsSelector: byIds(['train-1', 'http-1']) });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ id: 'cd-swap', version: 2, warnings: [expectedWarning(['http-1'])] });
  });

  it('should warn on an EDC v3 create too, beside the IdResponse, with warnings as a list', async () => {
    const res = await post('/management/v3/contractdefinitions', {
      '@context': { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/' },
      '@id': 'cd-v3',
      accessPolicyId: 'plain',
      contractPolicyId: 'fl-only',
      assetsSelector: [{ '@type': 'Criterion', operandLeft: 'https://w3id.org/edc/v0.0.1/ns/id', operator: '=', operandRight: 'http-1' }],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ '@type': 'IdResponse', '@id': 'cd-v3', warnings: [expectedWarning(['http-1'])] });
  });

  it('should name only the selected assets that are not training data (a selector of everything)', async () => {
    const res = await post('/api/v1/contract-definitions', { id: 'cd-all', accessPolicyId: 'plain', contractPolicyId: 'fl-only', assetsSelector: [] });
    expect(res.body.warnings).toEqual([expectedWarning(['http-1'])]);
  });

  it('should not warn for training assets, for a selector that selects nothing yet, or for a policy without training-only terms', async () => {
    const quiet = [
      { id: 'cd-train', contractPolicyId: 'fl-only', assetsSelector: byIds(['train-1']) },
      { id: 'cd-none', contractPolicyId: 'fl-only', assetsSelector: [{ operandLeft: 'kind', operator: '=', operandRight: 'later' }] },
      { id: 'cd-plain', contractPolicyId: 'plain', assetsSelector: byIds(['http-1']) },
    ];
    for (const d of quiet) {
      const res = await post('/api/v1/contract-definitions', { accessPolicyId: 'plain', ...d });
      expect([res.status, res.body], d.id).toEqual([201, { id: d.id, version: 1 }]);
    }
    const v3 = await post('/management/v3/contractdefinitions', { '@id': 'cd-v3-train', accessPolicyId: 'plain', contractPolicyId: 'fl-only', assetsSelector: [] });
    expect(v3.body.warnings).toEqual([expectedWarning(['http-1'])]);
    const v3Quiet = await post('/management/v3/contractdefinitions', { '@id': 'cd-v3-plain', accessPolicyId: 'plain', contractPolicyId: 'plain', assetsSelector: [] });
    expect(v3Quiet.status).toBe(200);
    expect(v3Quiet.body).not.toHaveProperty('warnings');
  });

  it("should warn through the connector's own management API as wired in the composition root", async () => {
    const res = await c.api('/api/v1/contract-definitions', {
      method: 'POST',
      json: { id: 'cd-wired', accessPolicyId: 'plain', contractPolicyId: 'fl-only', assetsSelector: byIds(['http-1']) },
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ id: 'cd-wired', version: 1, warnings: [expectedWarning(['http-1'])] });
  });
});
