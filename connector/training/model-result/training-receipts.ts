import { createHash } from 'node:crypto';

type Json = Record<string, unknown>;

/** The part of an audit entry read here (audit's AuditEntry fits). */
interface Entry {
  type: string;
  data?: unknown;
}
const dataOf = (e: Entry): Json => (typeof e.data === 'object' && e.data !== null && !Array.isArray(e.data) ? (e.data as Json) : {});

const short = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 24);

/** The artifact name of a training's model in the model store (its checkpoints are `checkpoint-<same>-<round>`). */
export const modelArtifactName = (trainingId: string) => `model-${short(trainingId)}`;

/**
 * Pure: the deletion receipts we issued (not ones received from a site) for this training's model artifacts: its model
 * or one of its checkpoints. Another training under the same agreements has other artifacts, so its receipts are not
 * this model's.
 */
export function receiptsOfTraining(trainingId: string, deletionEntries: readonly Entry[]): Json[] {
  const model = modelArtifactName(trainingId);
  const checkpoint = `checkpoint-${short(trainingId)}-`;
  return deletionEntries
    .filter((e) => e.type === 'deletion')
    .map(dataOf)
    .filter((x) => x.receipt && !x.receivedFrom)
    .map((x) => x.receipt as Json)
    .filter((r) => {
      const artifacts = (r.credentialSubject as { deletedArtifacts?: { artifactName?: string }[] } | undefined)?.deletedArtifacts ?? [];
      return artifacts.some((a) => String(a.artifactName) === model || String(a.artifactName).startsWith(checkpoint));
    });
}
