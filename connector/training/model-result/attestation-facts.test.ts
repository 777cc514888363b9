import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../audit/index.js';
import { attestationFacts } from './attestation-facts.js';

const SITE = 'did:web:site.example';
const session = { transferId: 't1', agreementId: 'a1', coordinatorDid: 'did:web:coordinator.example' };
const credential = {
  type: ['VerifiableCredential', 'TrainedModelCredential'],
  issuer: session.coordinatorDid,
  credentialSubject: { modelHash: 'sha256:final', roundsRun: 2, participants: [{ siteDid: SITE, agreementId: 'a1' }] },
};
let seq = 0;
const round = (task: string, r: number, extra: Record<string, unknown> = {}, over: Partial<AuditEntry> = {}): AuditEntry => ({
  seq: ++seq,
  at: '2027-01-01T00:00:00Z',
  type: 'training.round',
  agreementId: 'a1',
  actor: session.coordinatorDid,
  prevHash: '',
  hash: '',
  data: { transferId: 't1', round: r, task, decision: 'permit', ...extra } as never,
  ...over,
});
const log = [
  round('fit', 1, { modelHash: 'sha256:m0', clipNorm: 4, noiseMultiplier: 0.02 }),
  round('evaluate', 1, { modelHash: 'sha256:m1' }),
  round('fit', 2, { modelHash: 'sha256:m1', clipNorm: 5, noiseMultiplier: 0.01 }),
  round('evaluate', 2, { modelHash: 'sha256:final' }),
  round('fit', 3, { decision: 'deny' }),
  round('fit', 9, {}, { agreementId: 'other' }),
];

describe('attestationFacts (what a site countersigns, from its own audit log)', () => {
  it('should attest the rounds it served and the loosest privacy it applied when it evaluated the final model', () => {
    expect(attestationFacts(session, SITE, credential, log)).toEqual({
      ok: true,
      roundsTakenPart: { fit: [1, 2], evaluate: [1, 2] },
      appliedPrivacy: { clipNorm: 5, noiseMultiplier: 0.01 },
    });
  });

  it('should refuse a model it never evaluated in the final round, another coordinator, or a listing without it', () => {
    const other = { ...credential, credentialSubject: { ...credential.credentialSubject, modelHash: 'sha256:forged' } };
    expect(attestationFacts(session, SITE, other, log)).toMatchObject({ ok: false, reason: expect.stringMatching(/no evaluation of model sha256:forged/) });
    expect(attestationFacts(session, SITE, { ...credential, issuer: 'did:web:mallory.example' }, log)).toMatchObject({ ok: false });
    expect(attestationFacts(session, 'did:web:someone-else.example', credential, log)).toMatchObject({ ok: false, reason: expect.stringMatching(/does not list this site/) });
    expect(attestationFacts({ ...session, transferId: 't2' }, SITE, credential, log)).toMatchObject({ ok: false, reason: expect.stringMatching(/no training round/) });
  });
});
