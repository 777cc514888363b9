import { describe, expect, it } from 'vitest';
import { DELETION_METHOD_CRYPTO_SHRED } from './deletion-receipt.js';
import { listedArtifactsProblem } from './listed-artifacts.js';
import { DELETION_METHOD_RELEASED_UNSTORED, unstoredRoundUpdates } from './unstored-round-updates.js';

const stored = { artifactClass: 'urn:kontor:artifact-class:model-artifacts', artifactName: 'model-1', ciphertextSha256: 'sha256:aa', keyId: 'k1' };
const unstored = unstoredRoundUpdates('urn:uuid:t1', 1);

describe('what a deletion receipt may list', () => {
  it('takes stored artifacts with their hashes, shredded; and round updates never stored, released; and both, shredded', () => {
    expect(listedArtifactsProblem({ deletedArtifacts: [stored], deletionMethod: DELETION_METHOD_CRYPTO_SHRED })).toBeUndefined();
    expect(listedArtifactsProblem({ deletedArtifacts: [unstored], deletionMethod: DELETION_METHOD_RELEASED_UNSTORED })).toBeUndefined();
    expect(listedArtifactsProblem({ deletedArtifacts: [stored, unstored], deletionMethod: DELETION_METHOD_CRYPTO_SHRED })).toBeUndefined();
  });

  it('refuses nothing listed, an entry without class or name, a hash or key for what was never stored, a stored artifact without its hash', () => {
    expect(listedArtifactsProblem({ deletedArtifacts: [] })).toBe('the receipt lists no deleted artifacts');
    expect(listedArtifactsProblem({})).toBe('the receipt lists no deleted artifacts');
    expect(listedArtifactsProblem({ deletedArtifacts: ['model-1'] })).toMatch(/artifact 0 does not name its class and name/);
    expect(listedArtifactsProblem({ deletedArtifacts: [stored, { ...unstored, keyId: 'k1' }] })).toMatch(/artifact 1 names a ciphertext or key/);
    expect(listedArtifactsProblem({ deletedArtifacts: [{ ...stored, ciphertextSha256: undefined }] })).toMatch(/names no ciphertext hash/);
  });

  it('refuses a method that contradicts the list: a shred of what was never stored, "never stored" beside stored artifacts', () => {
    expect(listedArtifactsProblem({ deletedArtifacts: [unstored], deletionMethod: DELETION_METHOD_CRYPTO_SHRED })).toMatch(/its method must be/);
    expect(listedArtifactsProblem({ deletedArtifacts: [stored, unstored], deletionMethod: DELETION_METHOD_RELEASED_UNSTORED })).toMatch(/lists stored artifacts/);
  });
});
