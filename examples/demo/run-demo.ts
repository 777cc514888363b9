import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { components } from '../../connector/api/generated/openapi-types.js';
import { loadConfig } from '../../connector/config/load-config.js';
import { createConnector } from '../../connector/connector.js';

type Schemas = components['schemas'];

/**
 * `npm run demo`: starts a connector on SQLite in a temporary folder, creates an asset, a policy and a
 * contract definition through the management API, prints them, stops, and exits 0 (non-zero on any failure).
 */
async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kontor-demo-'));
  const apiKey = randomBytes(24).toString('hex');
  const config = loadConfig({
    env: {},
    overrides: { 'managementApi.apiKey': apiKey, 'managementApi.port': 0, 'publicApi.port': 0, 'publicApi.host': '127.0.0.1', 'store.path': join(dir, 'kontor.db'), 'identity.keyFile': join(dir, 'keys.json') },
  });
  const connector = await createConnector(config, { logger: pino({ level: 'warn' }) });
  try {
    const { managementUrl, publicUrl } = await connector.start();
    step(`connector ${config.participantId} up: management ${managementUrl}, public ${publicUrl}, SQLite in ${dir}`);
    const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const res = await fetch(`${managementUrl}${path}`, {
        method,
        headers: { 'x-api-key': apiKey, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
      return JSON.parse(text) as T;
    };
    const asset: Schemas['AssetInput'] = {
      id: 'penguins',
      properties: { title: 'Palmer penguins', description: 'Body measurements of 344 penguins', keywords: ['biology'], mediaType: 'text/csv', license: 'CC0-1.0' },
      dataAddress: { type: 'File', path: './data/penguins.csv' },
    };
    const policy: Schemas['PolicyDefinitionInput'] = {
      id: 'research-only',
      description: 'Use for research only',
      policy: { '@type': 'Set', permission: [{ action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'eq', rightOperand: 'https://w3id.org/kontor/purpose/research' }] }] },
    };
    const definition: Schemas['ContractDefinitionInput'] = {
      id: 'penguins-for-research', accessPolicyId: 'research-only', contractPolicyId: 'research-only',
      assetsSelector: [{ operandLeft: 'id', operator: '=', operandRight: 'penguins' }],
    };
    await api('POST', '/api/v1/assets', asset);
    await api('POST', '/api/v1/policies', policy);
    await api('POST', '/api/v1/contract-definitions', definition);
    for (const path of ['/api/v1/assets/penguins', '/api/v1/policies/research-only', '/api/v1/contract-definitions/penguins-for-research']) {
      step(`GET ${path}`);
      console.log(JSON.stringify(await api('GET', path), null, 2));
    }
  } finally {
    await connector.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  step('stopped; demo finished');
}

function step(text: string): void {
  console.log(`\n▶ ${text}`);
}

main().catch((error: unknown) => {
  console.error(`demo failed: ${(error as Error).message}`);
  process.exit(1);
});
