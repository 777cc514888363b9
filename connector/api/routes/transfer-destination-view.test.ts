import { describe, expect, it } from 'vitest';
import type { TransferProcess } from '../../transfer/index.js';
import { httpDataAddress } from '../../transfer/index.js';
import { shownDestination } from './transfer-destination-view.js';
import { transferDto } from './transfers-routes.js';

const stored = 'https://alice:S3cretPassw0rd@sink.example/in?sig=topsecret&flag#frag';

describe('a push destination as the management APIs show it', () => {
  it('should redact each query value (names stay) and a password, as asset baseUrls are redacted', () => {
    expect(shownDestination(stored)).toBe('https://alice:<redacted>@sink.example/in?sig=<redacted>&flag#frag');
    expect(shownDestination('https://u:p@ss@sink.example/in')).toBe('https://u:<redacted>@sink.example/in');
    expect(shownDestination('https://sink.example/in')).toBe('https://sink.example/in');
    expect(shownDestination('https://sink.example/a:b@c')).toBe('https://sink.example/a:b@c');
  });

  it('should show no secret of the destination in GET /api/v1/transfers/{id}', () => {
    const t = {
      id: 'urn:uuid:t1',
      role: 'consumer',
      state: 'REQUESTED',
      stateTimestamp: 1,
      createdAt: 1,
      updatedAt: 1,
      consumerPid: 'urn:uuid:t1',
      counterPartyId: 'did:web:p',
      counterPartyAddress: 'https://p.example/api/dsp',
      agreementId: 'a1',
      assetId: 'x',
      transferType: 'HttpData-PUSH',
      dataDestination: httpDataAddress({ endpoint: stored }),
      history: [],
    } as unknown as TransferProcess;
    for (const shown of [JSON.stringify(transferDto(t))]) {
      expect(shown).not.toMatch(/S3cretPassw0rd|topsecret/);
      expect(shown).toContain('sig=<redacted>');
    }
  });
});
