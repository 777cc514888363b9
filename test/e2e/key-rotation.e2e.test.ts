import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/index.js';
import { createSelfIssuedToken, didWebFromUrl, signEd25519Jws, type Ed25519Key, type IdentityRuntime } from '../../connector/identity/index.js';
import { freePort } from '../helpers/connector-process.js';
import { startAuthority, type RunningAuthority } from '../helpers/start-authority.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';

/**
 * A participant rotates its key (`kontor init --rotate` in a running process): peers accept its new key at once (no
 * wait for their DID cache), a thief holding the rotated key speaks for it nowhere, and a retired key leaves the DID
 * document.
 */
let authority: RunningAuthority;
let provider: RunningConnector;
let consumer: RunningConnector;
let runtime: IdentityRuntime;
let stolen: Ed25519Key;

beforeAll(async () => {
  authority = await startAuthority();
  const ports = [await freePort(), await freePort()];
  for (const port of ports) {
    const did = didWebFromUrl(`http://127.0.0.1:${port}`);
    const res = await authority.api('/api/v1/participants', {
      method: 'POST',
      json: { did, legalName: did, roles: ['member'], frameworkAgreements: ['DataExchangeGovernance:1.0'] },
    });
    expect(res.status).toBe(201);
  }
  const dcp = { 'identity.kind': 'dcp', 'identity.authorityUrl': authority.publicUrl, 'identity.trustedIssuers': [authority.did], 'did.allowHttpLoopback': true };
  provider = await startConnector('sqlite', {}, dcp, ports[0]);
  consumer = await startConnector('sqlite', {}, dcp, ports[1]);
  if (!consumer.connector.identity) throw new Error('the consumer has no DCP identity');
  runtime = consumer.connector.identity.runtime;
});
afterAll(async () => {
  for (const c of [consumer, provider]) await c?.stop();
  await authority?.stop();
});

const catalogRequest = (url: string, authorization: string) =>
  fetch(`${url}/api/dsp/catalog/request`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify({ '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'], '@type': 'CatalogRequestMessage', filter: [] }),
  });
const providerDid = () => provider.connector.config.participantId;
const asConsumer = async () => (await catalogRequest(provider.publicUrl, await consumer.connector.identity!.peerAuth.tokenFor(providerDid()))).status;

/** What a thief holding the consumer's rotated key can sign: an access token for its credential service and a self-issued token. */
async function forged(audience: string): Promise<string> {
  const now = Math.floor(systemClock.now() / 1000);
  const kid = `${runtime.did}#${stolen.kid}`;
  const claims = {
    scope: 'org.eclipse.dspace.dcp.vc.type:MembershipCredential:read',
    iss: runtime.did,
    aud: `${runtime.did}#credential-service`,
    sub: audience,
    iat: now,
    exp: now + 300,
    jti: randomUUID(),
  };
  const accessToken = await signEd25519Jws({ alg: 'EdDSA', typ: 'at+jwt', kid }, claims, stolen.signingKey());
  const issuer = { did: runtime.did, key: stolen, verificationMethodId: kid };
  return createSelfIssuedToken({ issuer, audience, accessToken, clock: systemClock, ids: { next: () => randomUUID() } });
}

describe('key rotation', () => {
  it('should be accepted by a peer right after rotating, though the peer cached its old DID document', async () => {
    expect(await asConsumer()).toBe(200); // the provider now holds the consumer's DID document (did.cacheTtlMs: 5 min)
    stolen = runtime.keys.current();
    await runtime.keys.rotate();
    expect(await asConsumer()).toBe(200);
  });

  it('should refuse a thief holding the rotated key, at the peer and at the victim’s own credential service', async () => {
    const doc = (await (await fetch(`${consumer.publicUrl}/.well-known/did.json`)).json()) as Record<string, string[]>;
    expect(doc.authentication).toEqual([`${runtime.did}#key-2`]);
    expect(doc.capabilityInvocation).toEqual([`${runtime.did}#key-2`]);
    expect(doc.assertionMethod).toEqual([`${runtime.did}#key-1`, `${runtime.did}#key-2`]);
    expect((await catalogRequest(provider.publicUrl, `Bearer ${await forged(providerDid())}`)).status).toBe(401);
    const query = await fetch(`${consumer.publicUrl}/api/credentials/presentations/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await forged(runtime.did)}` },
      body: JSON.stringify({ scope: ['org.eclipse.dspace.dcp.vc.type:MembershipCredential:read'] }),
    });
    expect(query.status).toBe(401);
    expect(await asConsumer()).toBe(200);
  });

  it('should drop a retired key from the DID document, and a peer reads that after a cache flush', async () => {
    expect((await runtime.keys.retire('key-1')).kid).toBe('key-1');
    const doc = (await (await fetch(`${consumer.publicUrl}/.well-known/did.json`)).json()) as { verificationMethod: { id: string }[] };
    expect(doc.verificationMethod.map((m) => m.id)).toEqual([`${runtime.did}#key-2`]);
    expect((await provider.api('/api/v1/identity/cache/flush', { method: 'POST' })).status).toBe(204);
    const cached = await provider.connector.identity!.runtime.resolver.resolve(runtime.did);
    expect(cached.ok ? cached.didDocument.verificationMethod?.map((m) => m.id) : cached).toEqual([`${runtime.did}#key-2`]);
    expect(await asConsumer()).toBe(200);
    expect(((await (await consumer.api('/api/v1/identity')).json()) as { kind: string }).kind).toBe('dcp');
  });
});
