import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnector, type RunningConnector } from '../../../test/helpers/start-connector.js';
import { BACKENDS } from '../../../test/helpers/test-database.js';

interface AuditItem {
  type: string;
  actor: string;
  agreementId?: string;
  data: Record<string, unknown>;
}

describe.each(BACKENDS)('agreement revocation on $backend', ({ backend, skip }) => {
  let c: RunningConnector;
  beforeAll(async () => {
    if (!skip) c = await startConnector(backend);
  });
  afterAll(async () => c?.stop());

  const agreement = async (id: string) =>
    c.connector.stores.agreements.save({
      id,
      negotiationId: `neg-${id}`,
      assigner: 'did:web:provider.example',
      assignee: 'did:web:consumer.example',
      assetId: 'asset-1',
      policy: { '@type': 'Agreement', permission: [{ action: 'use' }] },
      signedAt: Date.parse('2026-01-01T00:00:00Z'),
      status: 'active',
    });
  const revoke = (id: string) => c.api(`/api/v1/agreements/${encodeURIComponent(id)}/revoke`, { method: 'POST' });
  const revocations = async (id: string) =>
    ((await (await c.api(`/api/v1/audit?agreementId=${encodeURIComponent(id)}&limit=100`)).json()) as { items: AuditItem[] }).items.filter(
      (e) => e.type === 'agreement.revocation',
    );

  it.skipIf(skip)('should audit a revocation once, as the operator, with its time; a repeated revoke records nothing', async () => {
    await agreement('urn:uuid:agr-revoke-1');
    const first = await revoke('urn:uuid:agr-revoke-1');
    expect(first.status).toBe(200);
    const body = (await first.json()) as { status: string; revokedAt: string };
    expect(body.status).toBe('revoked');
    expect(await revocations('urn:uuid:agr-revoke-1')).toEqual([
      {
        type: 'agreement.revocation',
        actor: 'operator',
        agreementId: 'urn:uuid:agr-revoke-1',
        data: { revokedAt: body.revokedAt, assetId: 'asset-1', assigner: 'did:web:provider.example', assignee: 'did:web:consumer.example' },
        seq: expect.any(Number),
        at: expect.any(String),
        prevHash: expect.any(String),
        hash: expect.any(String),
      },
    ]);
    const again = await revoke('urn:uuid:agr-revoke-1');
    expect(again.status).toBe(200);
    expect(((await again.json()) as { revokedAt: string }).revokedAt).toBe(body.revokedAt);
    expect(await revocations('urn:uuid:agr-revoke-1')).toHaveLength(1);
  });

  it.skipIf(skip)('should name this connector (its participant id) as the party that revoked, in the answer and in the agreement view', async () => {
    await agreement('urn:uuid:agr-revoke-by');
    const self = c.connector.config.participantId;
    const res = await revoke('urn:uuid:agr-revoke-by');
    expect(await res.json()).toMatchObject({ status: 'revoked', revokedBy: self, revocationReason: null });
    const seen = await c.api(`/api/v1/agreements/${encodeURIComponent('urn:uuid:agr-revoke-by')}`);
    expect(await seen.json()).toMatchObject({ status: 'revoked', revokedBy: self });
  });

  it.skipIf(skip)('should answer 404 for an unknown agreement and record nothing', async () => {
    const res = await revoke('urn:uuid:no-such-agreement');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'NOT_FOUND' });
    expect(await revocations('urn:uuid:no-such-agreement')).toEqual([]);
  });
});
