import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../connector/config/load-config.js';
import { createConnector, type Connector } from '../../connector/connector.js';
import { writeDevCa } from '../../connector/http/tls/dev-ca-folder.js';
import { systemClock } from '../../core/index.js';
import { startDataSpace, type DemoDataSpace, type DemoNode } from '../../examples/demo/demo-data-space.js';
import { negotiateWithSites } from '../../examples/demo/negotiate-all.js';
import { freePort } from '../helpers/connector-process.js';

let dir: string;
let space: DemoDataSpace;
let provider: DemoNode;
let consumer: DemoNode;
let rogue: Connector | undefined;
let rogueUrls: { managementUrl: string; publicUrl: string };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kontor-https-'));
  writeFileSync(join(dir, 'readings.csv'), 'site,reading\nbiscoe,42\n');
  space = await startDataSpace(
    dir,
    [
      { name: 'provider', legalName: 'Provider', roles: ['provider'], overrides: { 'dataPlane.fileRoot': dir } },
      { name: 'consumer', legalName: 'Consumer', roles: ['consumer'] },
    ],
    'silent',
    { https: true },
  );
  [provider, consumer] = space.nodes as [DemoNode, DemoNode];
  await provider.api('POST', '/api/v1/assets', { id: 'readings', properties: { title: 'Readings' }, dataAddress: { type: 'File', path: 'readings.csv' } });
  await provider.api('POST', '/api/v1/policies', {
    id: 'members',
    policy: { '@type': 'Set', permission: [{ action: 'use', constraint: [{ leftOperand: 'cx-policy:Membership', operator: 'eq', rightOperand: 'active' }] }] },
  });
  await provider.api('POST', '/api/v1/contract-definitions', { id: 'cd', accessPolicyId: 'members', contractPolicyId: 'members' });

  // A peer whose certificate another CA signed (it trusts ours, so that the test process's own fetch trusts only ours).
  const other = writeDevCa({ dir: join(dir, 'other-ca'), hosts: ['127.0.0.1'], clock: systemClock }).hosts[0] as { certFile: string; keyFile: string };
  const ours = provider.connector.config;
  rogue = await createConnector(
    loadConfig({
      env: {},
      overrides: {
        'managementApi.apiKey': ours.managementApi.apiKey,
        'managementApi.port': 0,
        'publicApi.port': await freePort(),
        'publicApi.host': '127.0.0.1',
        'store.path': join(dir, 'rogue.db'),
        'identity.keyFile': join(dir, 'rogue-keys.json'),
        'training.artifactDir': join(dir, 'rogue-artifacts'),
        'tls.certFile': other.certFile,
        'tls.keyFile': other.keyFile,
        'tls.caFile': ours.tls.caFile,
        'outbound.allowAddresses': ours.outbound.allowAddresses,
        'identity.trustedIssuers': [space.authority.did],
        'shutdown.graceMs': 500,
      },
    }),
    { logger: pino({ level: 'silent' }) },
  );
  rogueUrls = await rogue.start();
}, 120_000);
afterAll(async () => {
  await rogue?.stop();
  await space?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a data space over HTTPS with certificates from kontor dev-ca (no plain-HTTP loopback exception)', () => {
  it('should run every public listener on https with did:web over it', () => {
    expect(space.authorityUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    for (const node of [provider, consumer]) {
      expect(node.publicUrl).toMatch(/^https:/);
      expect(node.connector.config.did.allowHttpLoopback).toBe(false);
      expect(node.connector.config.did.httpHosts).toEqual([]);
      expect(node.connector.config.identity.kind).toBe('dcp');
      expect(node.did).toBe(`did:web:127.0.0.1%3A${new URL(node.publicUrl).port}`);
    }
  });

  it('should negotiate with a verified offer credential and transfer the data over https', async () => {
    const [deal] = await negotiateWithSites(consumer, [provider], () => undefined);
    expect(deal?.offerVerified).toBe(true);
    const started = new Promise<void>((resolve) =>
      consumer.connector.events.on('transfer.stateChanged', (e) => {
        if (e.to === 'STARTED') resolve();
      }),
    );
    const { id } = await consumer.api<{ id: string }>('POST', '/api/v1/transfers', { agreementId: deal?.agreementId, transferType: 'HttpData-PULL' });
    await started;
    const edr = await consumer.api<{ endpoint: string; token: string }>('GET', `/api/v1/transfers/${encodeURIComponent(id)}/edr`);
    expect(edr.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:/);
    const res = await fetch(edr.endpoint, { headers: { authorization: `Bearer ${edr.token}` } });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(readFileSync(join(dir, 'readings.csv'), 'utf8'));
  });

  it('should refuse a peer whose certificate another CA signed', async () => {
    const rogueDid = rogue?.config.participantId as string;
    const refused = await fetch(`${rogueUrls.publicUrl}/.well-known/did.json`).catch((error: Error) => error.cause as NodeJS.ErrnoException);
    expect(refused).toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    expect((await fetch(`${provider.publicUrl}/.well-known/did.json`)).status).toBe(200);
    const asked = await fetch(`${consumer.managementUrl}/api/v1/catalog/request`, {
      method: 'POST',
      headers: { 'x-api-key': consumer.connector.config.managementApi.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ counterPartyAddress: `${rogueUrls.publicUrl}/api/dsp`, counterPartyId: rogueDid }),
    });
    expect(asked.status).toBe(503);
    expect(await asked.json()).toMatchObject({ code: 'PEER_UNAVAILABLE', detail: expect.stringContaining('unable to verify the first certificate') });
  });
});
