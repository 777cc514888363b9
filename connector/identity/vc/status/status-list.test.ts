import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bitstringStatusEntry, buildStatusListCredential } from './status-list-credential.js';
import { MIN_STATUS_LIST_LENGTH, StatusList } from './status-list.js';

describe('BitstringStatusList', () => {
  it("should encode multibase base64url GZIP with index 0 as the first byte's most significant bit", async () => {
    const list = StatusList.create();
    list.set(0, true);
    list.set(9, true);
    const encoded = await list.encode();
    expect(encoded.startsWith('u')).toBe(true);
    const bytes = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
    expect(bytes.length * 8).toBe(MIN_STATUS_LIST_LENGTH);
    expect([bytes[0], bytes[1], bytes[2]]).toEqual([0x80, 0x40, 0]);
    const decoded = await StatusList.decode(encoded);
    expect([decoded.get(0), decoded.get(1), decoded.get(9), decoded.length]).toEqual([true, false, true, MIN_STATUS_LIST_LENGTH]);
    decoded.set(9, false);
    expect(decoded.get(9)).toBe(false);
  });

  it('should refuse lists below the spec minimum and encodings without the multibase prefix', async () => {
    expect(() => StatusList.create(1024)).toThrow(RangeError);
    await expect(StatusList.decode('H4sIAAAAAAAAA')).rejects.toThrow(/multibase/);
  });

  it('should build the status list credential and entries in VC 2.0 shape', async () => {
    const credential = await buildStatusListCredential({
      id: 'https://a.example/status/1',
      issuer: 'did:web:a.example',
      statusPurpose: 'revocation',
      validFrom: '2026-01-01T00:00:00Z',
    });
    expect(credential).toMatchObject({
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      credentialSubject: { type: 'BitstringStatusList', statusPurpose: 'revocation' },
    });
    expect(bitstringStatusEntry('https://a.example/status/1', 7)).toEqual({
      id: 'https://a.example/status/1#7',
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: '7',
      statusListCredential: 'https://a.example/status/1',
    });
  });
});
