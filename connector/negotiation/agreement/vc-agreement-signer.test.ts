import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock, sequentialIds } from '../../../core/index.js';
import { createOutboundPolicy } from '../../http/outbound/index.js';
import jsonld from 'jsonld';
import { createIdentityRuntime, type IdentityRuntime } from '../../identity/runtime/identity-runtime.js';
import { verifyWithVcAlone } from '../../../test/helpers/verify-with-vc-alone.js';
import { projectContexts } from '../../identity/contexts/project-contexts.js';
import type { ContractAgreement } from './contract-agreement.js';
import { agreementDigest, vcAgreementSigner } from './vc-agreement-signer.js';

const PROVIDER = 'did:web:provider.test';
const CONSUMER = 'did:web:consumer.test';
const clock = new FixedClock();
const policy = { '@id': 'urn:uuid:agreement-1', '@type': 'Agreement', target: 'asset-1', assigner: PROVIDER, assignee: CONSUMER, permission: [{ action: 'use' }] };
const agreement: ContractAgreement = {
  id: 'urn:uuid:agreement-1',
  negotiationId: 'n-1',
  assigner: PROVIDER,
  assignee: CONSUMER,
  assetId: 'asset-1',
  signedAt: clock.now(),
  status: 'active',
  policy,
};

let dir: string;
const runtimes = new Map<string, IdentityRuntime>();
/** An identity runtime for `did`, with a fresh key; every did:web document is served from the runtimes made here (offline). */
async function runtimeFor(did: string): Promise<IdentityRuntime> {
  const runtime = await createIdentityRuntime({
    did,
    keyFile: join(dir, `${did.replace(/\W/g, '_')}.json`),
    trustedIssuers: [],
    allowHttpLoopback: false,
    didCacheTtlMs: 60_000,
    didCacheSize: 10,
    statusRefreshMs: 60_000,
    tokenTtlSeconds: 300,
    clock,
    ids: sequentialIds('id'),
    outbound: createOutboundPolicy({ allowLoopback: false }),
    fetch: async (url) => {
      const owner = [...runtimes.values()].find((r) => url === `https://${r.did.slice('did:web:'.length)}/.well-known/did.json`);
      return owner ? { ok: true, status: 200, json: async () => owner.didDocument({}) } : { ok: false, status: 404, json: async () => ({}) };
    },
  });
  runtimes.set(did, runtime);
  return runtime;
}

let provider: ReturnType<typeof vcAgreementSigner>;
let impostor: ReturnType<typeof vcAgreementSigner>;
let consumer: ReturnType<typeof vcAgreementSigner>;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kontor-vc-agreement-'));
  provider = vcAgreementSigner({ runtime: await runtimeFor(PROVIDER), clock, ids: sequentialIds('vc') });
  impostor = vcAgreementSigner({ runtime: await runtimeFor('did:web:impostor.test'), clock, ids: sequentialIds('vc') });
  consumer = vcAgreementSigner({ runtime: await runtimeFor(CONSUMER), clock, ids: sequentialIds('vc') });
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('agreements as verifiable credentials', () => {
  it('the provider signs a ContractAgreementCredential binding the digest of the exact agreement, the parties and the dataset', async () => {
    const credential = (await provider.sign(agreement)) as Record<string, unknown>;
    expect(credential).toMatchObject({
      type: ['VerifiableCredential', 'ContractAgreementCredential'],
      issuer: PROVIDER,
      validFrom: '2026-01-01T00:00:00Z',
      credentialSubject: { id: policy['@id'], agreementDigest: agreementDigest(policy), provider: PROVIDER, consumer: CONSUMER, dataset: 'asset-1' },
    });
    expect(await consumer.verify(policy, credential, PROVIDER)).toBeUndefined();
  });

  it('signs eddsa-jcs-2022, and @digitalbazaar/vc with that suite alone verifies it (in a process without Kontor code)', async () => {
    const credential = (await provider.sign(agreement)) as Record<string, unknown>;
    expect(credential.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-jcs-2022', proofPurpose: 'assertionMethod' });
    const didDocument = (runtimes.get(PROVIDER) as IdentityRuntime).didDocument({});
    const tampered = { ...credential, validFrom: '2026-01-02T00:00:00Z' };
    const verdicts = verifyWithVcAlone({ didDocument, servedContexts: projectContexts, credentials: [credential, tampered], now: '2026-06-01T00:00:00Z' });
    expect(verdicts.map((v) => v.verified)).toEqual([true, false]);
  });

  it('every term of the signed credential is defined by its contexts (what eddsa-rdfc-2022 enforced at each signature)', async () => {
    const credential = (await provider.sign(agreement)) as Record<string, unknown>;
    const documentLoader = (runtimes.get(CONSUMER) as IdentityRuntime).documentLoader;
    await expect(jsonld.expand(credential, { documentLoader, safe: true })).resolves.toBeDefined();
    await expect(jsonld.expand({ ...credential, unknownTerm: 1 }, { documentLoader, safe: true })).rejects.toThrow(/Safe mode validation error/);
  });

  it('signs eddsa-rdfc-2022 when told (dsp.agreementCredentialSuite), and still verifies such credentials (agreements before decision 0027) as strictly', async () => {
    const older = vcAgreementSigner({ runtime: runtimes.get(PROVIDER) as IdentityRuntime, clock, ids: sequentialIds('old'), signWith: 'eddsa-rdfc-2022' });
    const credential = (await older.sign(agreement)) as Record<string, unknown>;
    expect(credential.proof).toMatchObject({ cryptosuite: 'eddsa-rdfc-2022' });
    expect(await consumer.verify(policy, credential, PROVIDER)).toBeUndefined();
    const tampered = { ...credential, credentialSubject: { ...(credential.credentialSubject as Record<string, unknown>), dataset: 'asset-9' } };
    expect(await consumer.verify(policy, tampered, PROVIDER)).toMatch(/^the agreement credential does not verify: /);
    const didDocument = (runtimes.get(PROVIDER) as IdentityRuntime).didDocument({});
    expect(verifyWithVcAlone({ didDocument, servedContexts: projectContexts, credentials: [credential], now: '2026-06-01T00:00:00Z' })[0]?.verified).toBe(true);
  });

  it('refuses a proof whose cryptosuite it does not know, and one whose cryptosuite name was swapped', async () => {
    const credential = (await provider.sign(agreement)) as Record<string, unknown>;
    const proof = credential.proof as Record<string, unknown>;
    expect(await consumer.verify(policy, { ...credential, proof: { ...proof, cryptosuite: 'ecdsa-jcs-2019' } }, PROVIDER)).toMatch(/^the agreement credential does not verify: /);
    expect(await consumer.verify(policy, { ...credential, proof: { ...proof, cryptosuite: 'eddsa-rdfc-2022' } }, PROVIDER)).toMatch(/^the agreement credential does not verify: /);
  });

  it('the digest does not depend on the order of members (RFC 8785), but on every value', () => {
    const reordered = { permission: policy.permission, assignee: CONSUMER, assigner: PROVIDER, target: 'asset-1', '@type': 'Agreement', '@id': policy['@id'] };
    expect(agreementDigest(reordered)).toBe(agreementDigest(policy));
    expect(agreementDigest({ ...policy, target: 'asset-2' })).not.toBe(agreementDigest(policy));
    expect(agreementDigest(policy)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  const REFUSALS: [string, () => Promise<unknown>, Record<string, unknown>, string, RegExp][] = [
    ['no credential', async () => undefined, policy, PROVIDER, /^the agreement comes without its credential$/],
    ['a credential from another issuer than the provider', () => impostor.sign(agreement), policy, PROVIDER, /^the agreement credential was not issued by the provider$/],
    [
      'a credential about another agreement',
      () => provider.sign({ ...agreement, id: 'urn:uuid:agreement-2' }),
      policy,
      PROVIDER,
      /^the agreement credential is about another agreement$/,
    ],
    [
      'an agreement changed after signing',
      () => provider.sign(agreement),
      { ...policy, permission: [{ action: 'display' }] },
      PROVIDER,
      /^the agreement differs from what the provider signed$/,
    ],
    [
      'a credential naming other parties',
      () => provider.sign({ ...agreement, assignee: 'did:web:someone.test' }),
      policy,
      PROVIDER,
      /^the agreement credential names other parties$/,
    ],
  ];
  it.each(REFUSALS)('refuses %s', async (_case, make, terms, issuer, reason) => {
    const credential = (await make()) as Record<string, unknown> | undefined;
    expect(await consumer.verify(terms, credential, issuer)).toMatch(reason);
  });

  it('refuses a credential whose proof no longer verifies', async () => {
    const credential = (await provider.sign(agreement)) as Record<string, unknown>;
    const tampered = { ...credential, credentialSubject: { ...(credential.credentialSubject as Record<string, unknown>), dataset: 'asset-9' } };
    expect(await consumer.verify(policy, tampered, PROVIDER)).toMatch(/^the agreement credential does not verify: /);
  });
});
