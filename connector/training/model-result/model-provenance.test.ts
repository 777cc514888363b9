import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConnectorError, FixedClock, sequentialIds, silentLogger } from '../../../core/index.js';
import { AuditLog, MemoryAuditStore } from '../../audit/index.js';
import { createOutboundPolicy } from '../../http/outbound/index.js';
import { buildDidDocument, checkCredentialProof, createDocumentLoader, didWebIdentity, type IdentityRuntime, issueCredential, KeyRing } from '../../identity/index.js';
import type { PeerAuth } from '../../peer/peer-auth.js';
import { penguinPlan } from '../backend/baselines.js';
import type { Training } from '../training.js';
import { planHash } from '../training-plan.js';
import { credentialDigest } from './credential-digest.js';
import { modelFileOf, paramsHash } from './model-file.js';
import { modelProvenance } from './model-provenance.js';
import { buildAttestation } from './trained-model-credential.js';

type Json = Record<string, unknown>;
const clock = new FixedClock(Date.parse('2027-01-01T00:00:00Z'));
const COORDINATOR = 'did:web:coordinator.example';
const SITE = 'did:web:site.example';
const OTHER = 'did:web:other.example';
const AGREEMENT = 'urn:uuid:a1';
const SESSION = { transferId: 'tp-1', agreementId: AGREEMENT, coordinatorDid: COORDINATOR };
const plan = penguinPlan();
const global = Array.from({ length: 15 }, (_, i) => (i % 4) / 10 + 0.0123456789);

const rings: Record<string, KeyRing> = { [COORDINATOR]: KeyRing.generate(clock), [SITE]: KeyRing.generate(clock), [OTHER]: KeyRing.generate(clock) };
const documents = Object.fromEntries(Object.entries(rings).map(([did, ring]) => [did, buildDidDocument({ did, keys: ring.all() })]));
const documentLoader = createDocumentLoader({
  resolve: async (did) => (documents[did] ? { ok: true, didDocument: documents[did] } : { ok: false, error: 'notFound', message: did }),
});
const runtime = (did: string) => ({ did, signer: () => didWebIdentity(did, rings[did] as KeyRing), documentLoader }) as unknown as IdentityRuntime;
const signAs = (did: string, credential: Json) => issueCredential(credential, { issuer: runtime(did).signer(), documentLoader, clock });
/** A credential without its proof, to be signed again. */
const unsigned = ({ proof: _proof, ...rest }: Json): Json => rest;
const verifies = async (credential: Json) => (await checkCredentialProof(credential, documentLoader, clock.now())).length === 0;

/** One side's provenance over its own audit log. */
function side(did: string) {
  const audit = new AuditLog(new MemoryAuditStore(), clock);
  const auth = { tokenFor: async () => 'Bearer token' } as unknown as PeerAuth;
  const outbound = createOutboundPolicy({ allowLoopback: true });
  return { audit, provenance: modelProvenance({ audit, runtime: runtime(did), auth, outbound, clock, ids: sequentialIds(did), logger: silentLogger, modelHash: paramsHash }) };
}

/** The site's audit: it fitted round 1 and evaluated the final model in round 1 of this session. */
async function siteServedTraining(audit: AuditLog, modelHash = paramsHash(global)) {
  const round = (task: string) => ({ transferId: SESSION.transferId, decision: 'permit', task, round: 1, modelHash });
  for (const task of ['fit', 'evaluate'])
    await audit.append({ type: 'training.round', actor: COORDINATOR, agreementId: AGREEMENT, subject: SESSION.transferId, data: round(task) as never });
}

const trainingAt = (endpoint: string) => {
  const now = clock.now();
  return {
    ...{ id: 'urn:uuid:t1', state: 'COMPLETED', stateCount: 1, stateTimestamp: now, nextAttemptAt: now, pending: false, version: 0, createdAt: now, updatedAt: now },
    ...{ purpose: 'https://w3id.org/kontor/purpose/federated-training', plan, planHash: planHash(plan), rounds: 1, currentRound: 1, minSites: 1, roundTimeoutMs: 1000 },
    ...{ sites: [{ agreementId: AGREEMENT, siteDid: SITE, status: 'active', endpoint }], global, metrics: [], checkpoints: [], rejected: [] },
  } as unknown as Training;
};

describe('the provenance of a trained model, coordinator and site', () => {
  const site = side(SITE);
  /** How the site's answer is changed on its way back (the default: not at all). */
  let inTransit: (attestation: Json, credential: Json) => Promise<Json> = async (a) => a;
  let endpoint = '';
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', async () => {
      const { credential } = JSON.parse(body) as { credential: Json };
      const answer = await site.provenance
        .countersign(SESSION, credential)
        .then(async (attestation) => ({ status: 200, json: { attestation: await inTransit(attestation, credential) } }))
        .catch((error: ConnectorError) => ({ status: 403, json: { code: error.code, detail: error.detail ?? String(error) } }));
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.json));
    });
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/training/${SESSION.transferId}`;
    await siteServedTraining(site.audit);
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const issued = async (tamper: typeof inTransit = async (a) => a) => {
    inTransit = tamper;
    const coordinator = side(COORDINATOR);
    const credential = (await coordinator.provenance.issue(trainingAt(endpoint))) as Json;
    return { credential, provenance: await coordinator.provenance.provenanceOf('urn:uuid:t1') };
  };

  it('should carry the signed credential and the site countersignature that names it exactly, and keep both', async () => {
    const { credential, provenance } = await issued();
    expect(await verifies(credential)).toBe(true);
    expect(credential).toMatchObject({
      id: expect.stringMatching(/^urn:uuid:/),
      type: ['VerifiableCredential', 'TrainedModelCredential'],
      issuer: COORDINATOR,
      credentialSubject: {
        id: 'urn:uuid:t1',
        modelHash: paramsHash(global),
        modelFileSha256: modelFileOf(trainingAt(endpoint), global, paramsHash).sha256,
        planHash: planHash(plan),
        roundsRun: 1,
        participants: [{ siteDid: SITE, agreementId: AGREEMENT, status: 'active' }],
        auditHead: { seq: 0, hash: expect.any(String) },
      },
    });
    const [kept] = provenance?.attestations ?? [];
    expect(provenance).toMatchObject({ trainingId: 'urn:uuid:t1', credential, refusals: [] });
    expect(kept?.siteDid).toBe(SITE);
    expect(kept?.attestation).toMatchObject({
      issuer: SITE,
      credentialSubject: { attests: credential.id, attestsDigest: credentialDigest(credential), modelHash: paramsHash(global), siteAgreement: AGREEMENT },
    });
    expect(await verifies(kept?.attestation as Json)).toBe(true);
    const decisions = (await site.audit.select({ subject: SESSION.transferId, types: ['model.provenance'] })).map((e) => (e.data as Json).decision);
    expect(decisions).toContain('countersigned');
  });

  it.each([
    [
      'changed after the site signed',
      async (a: Json) => ({ ...a, credentialSubject: { ...(a.credentialSubject as Json), roundsTakenPart: { fit: [1, 2, 3], evaluate: [1] } } }),
      /^the attestation does not verify: /,
    ],
    ['signed by another party', async (a: Json) => signAs(OTHER, { ...unsigned(a), issuer: OTHER }), /^the site answered without its own attestation$/],
    ['of another credential (its digest)', async (a: Json) => resign(a, { attestsDigest: 'sha256:00' }), /attestsDigest sha256:00 is not the credential's digest/],
    ['of another model', async (a: Json) => resign(a, { modelHash: 'sha256:other' }), /^the attestation is about another credential or model: it attests model sha256:other/],
    ['of another credential (its id)', async (a: Json) => resign(a, { attests: 'urn:uuid:other' }), /it attests credential urn:uuid:other, not urn:uuid:/],
  ])('should refuse an attestation %s, keeping the refusal and no attestation', async (_case, tamper, reason) => {
    const { provenance } = await issued(tamper);
    expect(provenance?.attestations).toEqual([]);
    expect(provenance?.refusals).toEqual([{ siteDid: SITE, reason: expect.stringMatching(reason) }]);
  });

  it('should have the site refuse a credential changed after the coordinator signed it, or one its own log does not bear out', async () => {
    const { credential } = await issued();
    const subject = credential.credentialSubject as Json;
    const changed = { ...credential, credentialSubject: { ...subject, roundsRun: 7 } };
    await expect(site.provenance.countersign(SESSION, changed)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      detail: expect.stringMatching(/^the model credential does not verify/),
    });
    const otherModel = await signAs(COORDINATOR, unsigned({ ...credential, credentialSubject: { ...subject, modelHash: 'sha256:unseen' } }));
    await expect(site.provenance.countersign(SESSION, otherModel)).rejects.toMatchObject({
      code: 'POLICY_DENIED',
      detail: expect.stringMatching(/no evaluation of model sha256:unseen/),
    });
    const otherAgreement = await signAs(COORDINATOR, unsigned({ ...credential, credentialSubject: { ...subject, participants: [{ siteDid: SITE, agreementId: 'urn:uuid:a2' }] } }));
    await expect(site.provenance.countersign(SESSION, otherAgreement)).rejects.toMatchObject({ detail: expect.stringMatching(/does not list this site under this agreement/) });
    const notCoordinator = await signAs(OTHER, unsigned({ ...credential, issuer: OTHER }));
    await expect(site.provenance.countersign(SESSION, notCoordinator)).rejects.toMatchObject({ detail: expect.stringMatching(/not issued by this training's coordinator/) });
    const refused = (await site.audit.select({ subject: SESSION.transferId, types: ['model.provenance'] })).filter((e) => (e.data as Json).decision === 'refused');
    expect(refused).toHaveLength(3);
  });
});

/** The site's own attestation re-made with `changes` to its subject, and signed by the site again (a wrong but genuine one). */
async function resign(attestation: Json, changes: Json): Promise<Json> {
  const subject = attestation.credentialSubject as Json;
  const base = buildAttestation({
    id: String(attestation.id),
    issuer: SITE,
    issuedAt: clock.isoNow(),
    credentialId: String(subject.attests),
    credentialDigest: String(subject.attestsDigest),
    trainingId: String(subject.id),
    modelHash: String(subject.modelHash),
    agreementId: AGREEMENT,
    roundsTakenPart: { fit: [1], evaluate: [1] },
    appliedPrivacy: { clipNorm: null, noiseMultiplier: null },
    auditHead: { seq: 1, hash: 'sha256:00' },
  });
  return signAs(SITE, { ...base, credentialSubject: { ...(base.credentialSubject as Json), ...changes } });
}
