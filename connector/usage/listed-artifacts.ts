import { DELETION_METHOD_RELEASED_UNSTORED, UNSTORED_ROUND_UPDATES } from './unstored-round-updates.js';

type Json = Record<string, unknown>;
const text = (v: unknown): v is string => typeof v === 'string' && v !== '';

/**
 * Whether a receipt's list of deleted artifacts says something that can have happened (undefined) or what is wrong
 * with it: at least one entry; each names its class and name; a stored artifact names the hash of its ciphertext;
 * unstored round updates (unstored-round-updates.ts) name no hash and no key, for they were never stored or encrypted;
 * a receipt listing only those says they were released, never stored, and one listing a stored artifact does not.
 * Pure: the site's acceptance (receipt-acceptance.ts) refuses a receipt with the reason.
 */
export function listedArtifactsProblem(subject: { deletedArtifacts?: unknown; deletionMethod?: unknown }): string | undefined {
  const listed = subject.deletedArtifacts;
  if (!Array.isArray(listed) || listed.length === 0) return 'the receipt lists no deleted artifacts';
  for (const [i, entry] of listed.entries()) {
    const a = (typeof entry === 'object' && entry !== null && !Array.isArray(entry) ? entry : {}) as Json;
    if (!text(a.artifactClass) || !text(a.artifactName)) return `deleted artifact ${i} does not name its class and name`;
    const unstored = a.artifactClass === UNSTORED_ROUND_UPDATES;
    if (unstored && (a.ciphertextSha256 !== undefined || a.keyId !== undefined)) return `deleted artifact ${i} names a ciphertext or key for round updates never stored`;
    if (!unstored && !text(a.ciphertextSha256)) return `deleted artifact ${i} (${a.artifactName}) names no ciphertext hash`;
  }
  const onlyUnstored = listed.every((a) => (a as Json).artifactClass === UNSTORED_ROUND_UPDATES);
  const released = subject.deletionMethod === DELETION_METHOD_RELEASED_UNSTORED;
  if (onlyUnstored && !released) return `the receipt lists only round updates never stored, so its method must be '${DELETION_METHOD_RELEASED_UNSTORED}'`;
  if (!onlyUnstored && released) return `the receipt says nothing was stored ('${DELETION_METHOD_RELEASED_UNSTORED}') but lists stored artifacts`;
  return undefined;
}
