import { generateKeyPairSync } from 'node:crypto';
import canonicalize from 'canonicalize';
import { CompactSign } from 'jose';
import { describe, expect, it } from 'vitest';
import { isSignedAuditCheckpoint, jwsCheckpointSigner, jwsCheckpointVerifier } from './audit-checkpoint.js';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const checkpoint = { seq: 42, hash: 'sha256:abc', at: '2026-01-01T00:00:00.000Z' };

describe('signed audit checkpoints', () => {
  it.each([
    ['with a kid', 'did:web:site#key-1'],
    ['without a kid', undefined],
  ])('should sign, %s, byte for byte the JWS jose’s CompactSign makes', async (_name, kid) => {
    const jose = await new CompactSign(new TextEncoder().encode(canonicalize(checkpoint) ?? ''))
      .setProtectedHeader({ alg: 'EdDSA', typ: 'kontor-audit-checkpoint', ...(kid ? { kid } : {}) })
      .sign(privateKey);
    expect(await jwsCheckpointSigner(privateKey, kid)(checkpoint)).toBe(jose);
  });

  it('should verify its own signature, and refuse it for another checkpoint or under another key', async () => {
    const signature = await jwsCheckpointSigner(privateKey)(checkpoint);
    expect(await jwsCheckpointVerifier(publicKey)({ checkpoint, signature })).toBe(true);
    expect(await jwsCheckpointVerifier(publicKey)({ checkpoint: { ...checkpoint, seq: 43 }, signature })).toBe(false);
    expect(await jwsCheckpointVerifier(generateKeyPairSync('ed25519').publicKey)({ checkpoint, signature })).toBe(false);
  });

  it('should refuse a key that is not an Ed25519 private key', async () => {
    await expect(jwsCheckpointSigner(publicKey)(checkpoint)).rejects.toThrow(/Ed25519 private key/);
  });

  it('should take a peer’s signed checkpoint of the right shape only', async () => {
    const head = { seq: 7, hash: `sha256:${'ab'.repeat(32)}`, at: '2026-01-01T00:00:00.000Z' };
    const signed = { checkpoint: head, signature: await jwsCheckpointSigner(privateKey)(head) };
    expect(isSignedAuditCheckpoint(signed)).toBe(true);
    for (const bad of [
      undefined,
      null,
      'a string',
      [signed],
      { checkpoint: head },
      { ...signed, signature: '' },
      { ...signed, signature: 'x'.repeat(4097) },
      { ...signed, extra: 1 },
      { ...signed, checkpoint: { ...head, seq: -1 } },
      { ...signed, checkpoint: { ...head, seq: 1.5 } },
      { ...signed, checkpoint: { ...head, hash: 'sha256:abc' } },
      { ...signed, checkpoint: { ...head, at: 'yesterday' } },
      { ...signed, checkpoint: { ...head, note: 'more' } },
    ])
      expect(isSignedAuditCheckpoint(bad), JSON.stringify(bad)).toBe(false);
  });
});
