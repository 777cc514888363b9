import { ConnectorError, type Clock, type IdGenerator, type Logger } from '../../../core/index.js';
import { GENESIS_HASH, type AuditLog } from '../../audit/index.js';
import { checkCredentialProof, issueCredential, type IdentityRuntime } from '../../identity/index.js';
import type { OutboundPolicy } from '../../http/outbound/index.js';
import type { PeerAuth } from '../../peer/peer-auth.js';
import { postToSite } from '../../peer/post-to-site.js';
import type { Training } from '../training.js';
import { attestationFacts, type SiteSessionView } from './attestation-facts.js';
import { attestsOtherCredential, credentialDigest } from './credential-digest.js';
import { dataOf } from './audit-scan.js';
import { modelFileHashes } from './model-exports.js';
import { modelFileOf } from './model-file.js';
import { buildAttestation, buildTrainedModelCredential } from './trained-model-credential.js';

type Json = Record<string, unknown>;

export interface ModelProvenanceDeps {
  audit: AuditLog;
  runtime: IdentityRuntime | undefined;
  auth: PeerAuth;
  /** Where the coordinator may send requests (the sites' endpoints). */
  outbound: OutboundPolicy;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  modelHash(params: readonly number[]): string;
}

export interface Provenance {
  trainingId: string;
  credential: Json;
  attestations: { siteDid: string; attestation: Json }[];
  refusals: { siteDid: string; reason: string }[];
}

/**
 * The provenance of a trained model (issue 18, item 3). Coordinator: when a training completes it issues the
 * TrainedModelCredential and asks every site that took part to countersign; each answer is verified before it is
 * kept. Site: it countersigns only what its own audit log shows (attestation-facts.ts). Everything is kept in the
 * audit log as `model.provenance` entries, which is also where `provenanceOf` reads it from.
 */
export function modelProvenance(d: ModelProvenanceDeps) {
  const head = async () => {
    const h = await d.audit.store.head();
    return { seq: h?.seq ?? 0, hash: h?.hash ?? GENESIS_HASH };
  };
  const identity = () =>
    d.runtime ??
    (() => {
      throw new ConnectorError('FORBIDDEN', { detail: 'this connector has no DCP identity to sign credentials with' });
    })();

  async function issue(t: Training): Promise<Json | undefined> {
    if (!d.runtime || t.state !== 'COMPLETED' || t.global.length === 0) return undefined;
    const runtime = d.runtime;
    const { file, sha256 } = modelFileOf(t, t.global, d.modelHash);
    const credential = await issueCredential(
      buildTrainedModelCredential({
        id: `urn:uuid:${d.ids.next()}`,
        issuer: runtime.did,
        issuedAt: d.clock.isoNow(),
        training: t,
        spec: file.spec,
        modelHash: d.modelHash(t.global),
        modelFileSha256: sha256,
        modelFiles: modelFileHashes(t, d.modelHash),
        auditHead: await head(),
      }),
      { issuer: runtime.signer(), documentLoader: runtime.documentLoader, clock: d.clock },
    );
    await d.audit.append({ type: 'model.provenance', actor: runtime.did, subject: t.id, data: { trainingId: t.id, credential: credential as never } });
    for (const site of t.sites) {
      const endpoint = site.status === 'active' ? site.endpoint : undefined;
      if (!endpoint) continue;
      const answer = await postToSite<{ attestation?: Json }>(d.outbound, endpoint, 'attest', await d.auth.tokenFor(site.siteDid), { credential }, {}, 30_000)
        .then(async (a) => ({ attestation: await checkAttestation(a.attestation, site.siteDid, credential) }))
        .catch((error: unknown) => {
          if (error instanceof ConnectorError) return { reason: error.detail ?? error.message };
          // Not a refusal of the site's but a failure here: its text stays in the log, the audit entry says what failed.
          d.logger.warn({ err: error, trainingId: t.id, site: site.siteDid }, "checking a site's attestation failed");
          return { reason: "the site's attestation could not be checked (an internal error; see the log)" };
        });
      const data =
        'attestation' in answer
          ? { trainingId: t.id, attestation: answer.attestation as never, from: site.siteDid }
          : { trainingId: t.id, refusedBy: site.siteDid, reason: answer.reason };
      await d.audit.append({ type: 'model.provenance', actor: site.siteDid, agreementId: site.agreementId, subject: t.id, data });
    }
    return credential;
  }

  async function checkAttestation(attestation: Json | undefined, siteDid: string, credential: Json): Promise<Json> {
    const runtime = identity();
    if (!attestation || attestation.issuer !== siteDid) throw new ConnectorError('FORBIDDEN', { detail: 'the site answered without its own attestation' });
    const other = attestsOtherCredential((attestation.credentialSubject ?? {}) as Json, credential);
    if (other) throw new ConnectorError('FORBIDDEN', { detail: `the attestation is about another credential or model: ${other}` });
    const problems = await checkCredentialProof(attestation, runtime.documentLoader, d.clock.now());
    if (problems.length > 0) throw new ConnectorError('FORBIDDEN', { detail: `the attestation does not verify: ${problems.join('; ')}` });
    return attestation;
  }

  /** Site side: verify the coordinator's credential, check it against our audit log, then countersign (or refuse, naming why). */
  async function countersign(session: SiteSessionView, credential: Json): Promise<Json> {
    const runtime = identity();
    const problems = await checkCredentialProof(credential, runtime.documentLoader, d.clock.now());
    if (problems.length > 0) throw new ConnectorError('FORBIDDEN', { detail: `the model credential does not verify: ${problems.join('; ')}` });
    const entries = await d.audit.select({ subject: session.transferId, agreementId: session.agreementId, types: ['training.round'] });
    const facts = attestationFacts(session, runtime.did, credential, entries);
    const subject = (credential.credentialSubject ?? {}) as Json;
    if (!facts.ok) {
      await d.audit.append({
        type: 'model.provenance',
        actor: runtime.did,
        agreementId: session.agreementId,
        subject: session.transferId,
        data: { credentialId: String(credential.id), decision: 'refused', reason: facts.reason },
      });
      throw new ConnectorError('POLICY_DENIED', { detail: `this site does not countersign: ${facts.reason}` });
    }
    const attestation = await issueCredential(
      buildAttestation({
        id: `urn:uuid:${d.ids.next()}`,
        issuer: runtime.did,
        issuedAt: d.clock.isoNow(),
        credentialId: String(credential.id),
        credentialDigest: credentialDigest(credential),
        trainingId: String(subject.id),
        modelHash: String(subject.modelHash),
        agreementId: session.agreementId,
        roundsTakenPart: facts.roundsTakenPart,
        appliedPrivacy: facts.appliedPrivacy,
        auditHead: await head(),
      }),
      { issuer: runtime.signer(), documentLoader: runtime.documentLoader, clock: d.clock },
    );
    await d.audit.append({
      type: 'model.provenance',
      actor: runtime.did,
      agreementId: session.agreementId,
      subject: session.transferId,
      data: { credentialId: String(credential.id), decision: 'countersigned', attestation: attestation as never },
    });
    return attestation;
  }

  /** The credentials of a training, from its `model.provenance` entries (an indexed read by subject); undefined when none was issued. */
  async function provenanceOf(trainingId: string): Promise<Provenance | undefined> {
    const entries = (await d.audit.select({ subject: trainingId, types: ['model.provenance'] })).map(dataOf).filter((x) => x.trainingId === trainingId);
    const credential = entries.find((x) => x.credential)?.credential as Json | undefined;
    if (!credential) return undefined;
    return {
      trainingId,
      credential,
      attestations: entries.filter((x) => x.attestation).map((x) => ({ siteDid: String(x.from), attestation: x.attestation as Json })),
      refusals: entries.filter((x) => x.refusedBy).map((x) => ({ siteDid: String(x.refusedBy), reason: String(x.reason) })),
    };
  }

  return { issue, countersign, provenanceOf };
}

export type ModelProvenance = ReturnType<typeof modelProvenance>;
