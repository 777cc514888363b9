import { generateKeyPairSync } from 'node:crypto';
import { SignJWT, decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { receiptSigner, verifyReceipt, type UpdateReceipt } from './update-receipts.js';

const SITE = 'did:web:site';
const KID = `${SITE}#key-1`;
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const sign = receiptSigner(() => ({ did: SITE, verificationMethodId: KID, key: { signingKey: () => privateKey } }));
const resolveKey = async (kid: string) => (kid === KID ? publicKey : undefined);
const receipt: UpdateReceipt = {
  site: SITE,
  agreementId: 'urn:agreement:1',
  transferId: 'transfer-1',
  round: 2,
  task: 'fit',
  updateHash: 'h',
  sampleCount: 40,
  clipNorm: 1,
  noiseMultiplier: 0.5,
  at: '2026-01-01T00:00:00.000Z',
};

describe('update receipt wire format', () => {
  it('should sign the agreement, transfer and round under the short claim names it always used', async () => {
    const claims = decodeJwt(await sign(receipt));
    expect(Object.keys(claims).sort()).toEqual(['agr', 'at', 'clipNorm', 'iss', 'noiseMultiplier', 'rnd', 'sampleCount', 'site', 'task', 'tid', 'updateHash']);
    expect(claims).toMatchObject({ agr: 'urn:agreement:1', tid: 'transfer-1', rnd: 2 });
  });

  it('should read a receipt signed with the short names into the named fields', async () => {
    const before = await new SignJWT({
      site: SITE,
      agr: 'urn:agreement:1',
      tid: 'transfer-1',
      rnd: 2,
      task: 'fit',
      updateHash: 'h',
      sampleCount: 40,
      clipNorm: 1,
      noiseMultiplier: 0.5,
      at: receipt.at,
    })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'kontor-update-receipt+jwt', kid: KID })
      .setIssuer(SITE)
      .sign(privateKey);
    expect(await verifyReceipt(before, SITE, resolveKey)).toEqual({ ...receipt, iss: SITE });
  });

  it('should round-trip what it signs', async () => {
    expect(await verifyReceipt(await sign(receipt), SITE, resolveKey)).toMatchObject(receipt);
  });

  it('should refuse a receipt from another site', async () => {
    await expect(verifyReceipt(await sign(receipt), 'did:web:other', resolveKey)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
