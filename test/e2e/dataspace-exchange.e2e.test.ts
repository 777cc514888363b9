import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDataSpace, type DemoDataSpace, type DemoNode } from '../../examples/demo/demo-data-space.js';
import { negotiateWithSites } from '../../examples/demo/negotiate-all.js';

const MIB = 1024 * 1024;
let dir: string;
let space: DemoDataSpace;
let provider: DemoNode;
let consumer: DemoNode;
let expectedHash: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kontor-exchange-'));
  const hash = createHash('sha256');
  const fd = openSync(join(dir, 'big.bin'), 'w');
  const chunk = Buffer.alloc(MIB);
  for (let i = 0; i < 100; i++) {
    chunk.fill(i);
    writeSync(fd, chunk);
    hash.update(chunk);
  }
  closeSync(fd);
  expectedHash = hash.digest('hex');
  space = await startDataSpace(
    dir,
    [
      { name: 'provider', legalName: 'Provider', roles: ['provider'], overrides: { 'dataPlane.fileRoot': dir } },
      { name: 'consumer', legalName: 'Consumer', roles: ['consumer'] },
    ],
    'silent',
  );
  [provider, consumer] = space.nodes as [DemoNode, DemoNode];
  await provider.api('POST', '/api/v1/assets', { id: 'big', properties: { title: '100 MiB of measurements' }, dataAddress: { type: 'File', path: 'big.bin' } });
  await provider.api('POST', '/api/v1/policies', {
    id: 'members',
    policy: { '@type': 'Set', permission: [{ action: 'use', constraint: [{ leftOperand: 'cx-policy:Membership', operator: 'eq', rightOperand: 'active' }] }] },
  });
  await provider.api('POST', '/api/v1/contract-definitions', { id: 'cd', accessPolicyId: 'members', contractPolicyId: 'members' });
});
afterAll(async () => {
  await space?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('an authority, a provider and a consumer with real credentials', () => {
  it('should go catalog → negotiation → agreement → pull of 100 MiB → termination', async () => {
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
    const res = await fetch(edr.endpoint, { headers: { authorization: `Bearer ${edr.token}` } });
    const hash = createHash('sha256');
    let bytes = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      hash.update(chunk);
      bytes += chunk.length;
    }
    expect(bytes).toBe(100 * MIB);
    expect(hash.digest('hex')).toBe(expectedHash);
    const ended = new Promise<void>((resolve) =>
      consumer.connector.events.on('transfer.stateChanged', (e) => {
        if (e.to === 'TERMINATED') resolve();
      }),
    );
    await consumer.api('POST', `/api/v1/transfers/${encodeURIComponent(id)}/terminate`, { reason: 'done' });
    await ended;
    expect((await fetch(edr.endpoint, { headers: { authorization: `Bearer ${edr.token}` } })).status).toBeGreaterThanOrEqual(400);
  });
});
