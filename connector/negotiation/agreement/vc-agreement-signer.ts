import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { Clock, IdGenerator } from '../../../core/index.js';
import type { AgreementSigner } from './agreement-signer.js';
import { KONTOR_CONTEXT_V1_URL } from '../../identity/index.js';
import { checkCredentialProof } from '../../identity/index.js';
import { issuerOf, specificTypes, subjectsOf } from '../../identity/index.js';
import { issueCredential } from '../../identity/index.js';
import type { Cryptosuite, IdentityRuntime } from '../../identity/index.js';

const canonical = canonicalize as unknown as (value: unknown) => string;

/** `sha256:<hex>` of the RFC 8785 canonical JSON of an ODRL Agreement. */
export function agreementDigest(policy: Record<string, unknown>): string {
  return `sha256:${createHash('sha256').update(canonical(policy)).digest('hex')}`;
}

/**
 * Agreement credentials are signed eddsa-jcs-2022 unless told (decision 0027: no JSON-LD processing on either side);
 * both it and eddsa-rdfc-2022, what Kontor signed before, are accepted.
 */
const ACCEPTED: readonly Cryptosuite[] = ['eddsa-jcs-2022', 'eddsa-rdfc-2022'];

/**
 * Agreements as verifiable credentials: the provider signs a ContractAgreementCredential whose subject is the
 * agreement id with the digest of the exact ODRL Agreement, the parties and the dataset; the consumer checks
 * proof, issuer and digest before it verifies the agreement in the protocol.
 */
export function vcAgreementSigner(deps: { runtime: IdentityRuntime; clock: Clock; ids: IdGenerator; signWith?: Cryptosuite }): AgreementSigner {
  return {
    async sign(a) {
      return issueCredential(
        {
          '@context': ['https://www.w3.org/ns/credentials/v2', KONTOR_CONTEXT_V1_URL],
          id: `urn:uuid:${deps.ids.next()}`,
          type: ['VerifiableCredential', 'ContractAgreementCredential'],
          issuer: deps.runtime.did,
          validFrom: new Date(a.signedAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
          credentialSubject: { id: a.id, agreementDigest: agreementDigest(a.policy), provider: a.assigner, consumer: a.assignee, dataset: a.assetId },
        },
        { issuer: deps.runtime.signer(), documentLoader: deps.runtime.documentLoader, clock: deps.clock, cryptosuite: deps.signWith ?? 'eddsa-jcs-2022' },
      );
    },
    async verify(policy, credential, expectedIssuer) {
      if (!credential) return 'the agreement comes without its credential';
      const problems = await checkCredentialProof(credential, deps.runtime.documentLoader, deps.clock.now(), ACCEPTED);
      if (problems.length > 0) return `the agreement credential does not verify: ${problems.join('; ')}`;
      if (issuerOf(credential) !== expectedIssuer) return 'the agreement credential was not issued by the provider';
      if (!specificTypes(credential).includes('ContractAgreementCredential')) return 'not a ContractAgreementCredential';
      const subject = subjectsOf(credential)[0];
      if (!subject || subject.id !== policy['@id']) return 'the agreement credential is about another agreement';
      if (subject.agreementDigest !== agreementDigest(policy)) return 'the agreement differs from what the provider signed';
      if (subject.provider !== policy.assigner || subject.consumer !== policy.assignee) return 'the agreement credential names other parties';
      return undefined;
    },
  };
}
