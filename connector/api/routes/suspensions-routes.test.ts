import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnector, type RunningConnector } from '../../../test/helpers/start-connector.js';

let c: RunningConnector;
beforeAll(async () => {
  c = await startConnector('sqlite');
});
afterAll(async () => c.stop());

const suspend = (participantId: string) => c.api('/api/v1/suspensions', { method: 'POST', json: { participantId, reason: 'under investigation' } });

describe('suspension routes', () => {
  it.each([
    ['blank', '   '],
    ['with control characters', 'not a did\n\t'],
    ['with a control character inside', 'did:web:peer\u0007.example'],
    ['with leading whitespace', ' did:web:peer.example'],
    ['with trailing whitespace', 'did:web:peer.example '],
  ])('should refuse a participant id %s, naming it, and suspend nobody', async (_name, participantId) => {
    const res = await suspend(participantId);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ pointer: '/participantId' })] });
    expect((await c.connector.stores.suspensions.list({ offset: 0, limit: 10 })).total).toBe(0);
  });

  it('should suspend a DID, and a participant id that is not one (the development identity mode)', async () => {
    expect((await suspend('did:web:peer.example')).status).toBe(201);
    expect((await suspend('dev peer 7')).status).toBe(201);
  });
});
