import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../../core/index.js';
import { peerProcessId, saveFirstOfPeer } from './first-of-peer.js';

describe('the process a peer starts with its own pid', () => {
  it('has one id per (kind, peer, pid), a well-formed name-based UUID', () => {
    const id = peerProcessId('negotiation', 'did:web:a', 'urn:uuid:1');
    expect(id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(peerProcessId('negotiation', 'did:web:a', 'urn:uuid:1')).toBe(id);
    expect(
      new Set([
        id,
        peerProcessId('negotiation', 'did:web:b', 'urn:uuid:1'),
        peerProcessId('transfer', 'did:web:a', 'urn:uuid:1'),
        peerProcessId('negotiation', 'did:web:a', 'urn:uuid:2'),
      ]).size,
    ).toBe(4);
  });

  it('answers a copy that lost the race with the saved one, and passes every other failure on', async () => {
    const taken = async () => {
      throw new ConnectorError('ALREADY_EXISTS', { detail: 'taken' });
    };
    const saved = { id: 'x', state: 'REQUESTED' } as never;
    expect(
      await saveFirstOfPeer(
        async () => 'mine',
        async () => undefined,
      ),
    ).toEqual({ created: 'mine' });
    expect(await saveFirstOfPeer(taken, async () => saved)).toEqual({ existing: saved });
    await expect(saveFirstOfPeer(taken, async () => undefined)).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    await expect(
      saveFirstOfPeer(
        async () => Promise.reject(new ConnectorError('STORE_UNAVAILABLE', { detail: 'down' })),
        async () => saved,
      ),
    ).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });
});
