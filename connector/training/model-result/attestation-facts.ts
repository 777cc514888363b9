import type { AuditEntry } from '../../audit/index.js';

type Json = Record<string, unknown>;

export interface SiteSessionView {
  transferId: string;
  agreementId: string;
  coordinatorDid: string;
}

export type AttestationFacts =
  | { ok: true; roundsTakenPart: { fit: number[]; evaluate: number[] }; appliedPrivacy: { clipNorm: number | null; noiseMultiplier: number | null } }
  | { ok: false; reason: string };

/**
 * Pure: what a site can countersign about a coordinator's TrainedModelCredential, read from its own audit log
 * (the `training.round` permits of this session). The credential must come from the session's coordinator, list this
 * site under this session's agreement, and name a model this site itself evaluated in the final round; otherwise the
 * reason to refuse. The privacy applied is the loosest the site used in any fit round (largest clip, smallest noise).
 */
export function attestationFacts(session: SiteSessionView, self: string, credential: Json, entries: readonly AuditEntry[]): AttestationFacts {
  const subject = (credential.credentialSubject ?? {}) as Json;
  const types = Array.isArray(credential.type) ? credential.type : [credential.type];
  if (!types.includes('TrainedModelCredential')) return { ok: false, reason: 'not a TrainedModelCredential' };
  if (credential.issuer !== session.coordinatorDid) return { ok: false, reason: "the credential is not issued by this training's coordinator" };
  const participants = Array.isArray(subject.participants) ? (subject.participants as Json[]) : [];
  if (!participants.some((p) => p.siteDid === self && p.agreementId === session.agreementId))
    return { ok: false, reason: 'the credential does not list this site under this agreement' };
  const permits = entries
    .filter((e) => e.type === 'training.round' && e.agreementId === session.agreementId)
    .map((e) => (e.data ?? {}) as Json)
    .filter((d) => d.transferId === session.transferId && d.decision === 'permit');
  const rounds = (task: string) => permits.filter((d) => d.task === task).map((d) => Number(d.round));
  const fit = rounds('fit');
  if (fit.length === 0) return { ok: false, reason: 'this site served no training round in this training' };
  const roundsRun = Number(subject.roundsRun);
  const evaluatedFinal = permits.some((d) => d.task === 'evaluate' && Number(d.round) === roundsRun && d.modelHash === subject.modelHash);
  if (!evaluatedFinal) return { ok: false, reason: `this site's audit log has no evaluation of model ${String(subject.modelHash)} in round ${roundsRun}` };
  const numbers = (key: string) => permits.filter((d) => d.task === 'fit' && typeof d[key] === 'number').map((d) => d[key] as number);
  const clips = numbers('clipNorm');
  const noises = numbers('noiseMultiplier');
  return {
    ok: true,
    roundsTakenPart: { fit, evaluate: rounds('evaluate') },
    appliedPrivacy: { clipNorm: clips.length ? Math.max(...clips) : null, noiseMultiplier: noises.length ? Math.min(...noises) : null },
  };
}
