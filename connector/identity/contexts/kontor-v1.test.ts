import { beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../core/index.js';
import { createDidKeyResolver } from '../did/did-key-resolver.js';
import { DidResolverRegistry } from '../did/did-resolver-registry.js';
import { didKeyIdentity } from '../did/signing-identities.js';
import { createDocumentLoader } from '../document-loader.js';
import { Ed25519Key } from '../keys/ed25519-key.js';
import { checkCredentialProof } from '../vc/check-proof.js';
import { buildFrameworkAgreementCredential, buildMembershipCredential } from '../vc/credential-templates.js';
import { issueCredential } from '../vc/issue-credential.js';
import { KONTOR_CONTEXT_V1_URL } from './kontor-v1.js';

const clock = new FixedClock();
const documentLoader = createDocumentLoader(new DidResolverRegistry([createDidKeyResolver()], { clock }));
const issuer = didKeyIdentity(Ed25519Key.generate('k', clock.isoNow()));
const envelope = { id: 'urn:uuid:1', issuer: issuer.did, validFrom: clock.isoNow(), validUntil: '2027-01-01T00:00:00Z' };
const issue = (credential: Record<string, unknown>) => issueCredential(credential, { issuer, documentLoader, clock });

describe('kontor context v1', () => {
  let offer: Record<string, unknown>;
  beforeAll(async () => {
    offer = await issue({
      '@context': ['https://www.w3.org/ns/credentials/v2', KONTOR_CONTEXT_V1_URL],
      type: ['VerifiableCredential', 'DataOfferCredential'],
      ...envelope,
      credentialSubject: {
        id: 'did:web:provider.example',
        offers: [
          {
            id: 'https://provider.example/datasets/42',
            type: 'Dataset',
            title: 'Weather 2026',
            keyword: ['weather'],
            issued: '2026-01-01T00:00:00Z',
            distribution: [{ type: 'Distribution', format: 'HttpData-PULL', accessService: 'https://provider.example/dsp' }],
            hasPolicy: [
              {
                '@type': 'Offer',
                uid: 'urn:uuid:offer-42',
                assigner: 'did:web:provider.example',
                permission: [{ action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'eq', rightOperand: 'research' }] }],
                prohibition: [{ action: 'distribute' }],
              },
            ],
          },
        ],
      },
    });
  });

  it('should sign membership and framework credentials in safe mode', async () => {
    const membership = await issue(
      buildMembershipCredential(envelope, {
        id: 'did:web:a',
        legalName: 'A',
        businessPartnerNumber: 'BPNL1',
        businessPartnerGroups: ['g'],
        roles: ['r'],
        memberOf: issuer.did,
        memberSince: '2025-01-01T00:00:00Z',
      }),
    );
    const framework = await issue(
      buildFrameworkAgreementCredential(envelope, {
        id: 'did:web:a',
        frameworkAgreement: 'DataExchangeGovernance',
        contractVersion: '1.0',
        contractTemplate: 'https://example.org/dxg.pdf',
        holderIdentifier: 'BPNL1',
      }),
    );
    expect(await checkCredentialProof(membership, documentLoader, clock.now())).toEqual([]);
    expect(await checkCredentialProof(framework, documentLoader, clock.now())).toEqual([]);
  });

  it('should carry a DCAT offer with an ODRL policy scoped to hasPolicy, and detect a changed constraint', async () => {
    expect(await checkCredentialProof(offer, documentLoader, clock.now())).toEqual([]);
    const tampered = JSON.parse(JSON.stringify(offer).replace('"research"', '"marketing"')) as Record<string, unknown>;
    expect((await checkCredentialProof(tampered, documentLoader, clock.now())).length).toBeGreaterThan(0);
  });

  it('should refuse to sign a term no context defines', async () => {
    const credential = buildMembershipCredential(envelope, { id: 'did:web:a', legalName: 'A', memberOf: issuer.did });
    (credential.credentialSubject as Record<string, unknown>).favouriteColour = 'blue';
    await expect(issue(credential)).rejects.toThrow(/Safe mode/i);
  });
});
