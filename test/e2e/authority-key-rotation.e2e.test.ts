import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { didWebFromUrl } from '../../connector/identity/index.js';
import { freePort } from '../helpers/connector-process.js';
import { startAuthority, type RunningAuthority } from '../helpers/start-authority.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';

/**
 * The authority rotates its key (`kontor init --rotate`): credentials it issues from then on are signed with the new
 * key, and peers that cached the authority's older DID document (did.cacheTtlMs: 5 min) accept them at once: a
 * renewal at a connector that verified its credentials before, and a newcomer's presentation at a warm peer.
 */
let authority: RunningAuthority;
let provider: RunningConnector;
let consumer: RunningConnector;
let newcomer: RunningConnector | undefined;
let dcp: Record<string, unknown>;

const register = async (port: number) => {
  const did = didWebFromUrl(`http://127.0.0.1:${port}`);
  const res = await authority.api('/api/v1/participants', {
    method: 'POST',
    json: { did, legalName: did, roles: ['member'], frameworkAgreements: ['DataExchangeGovernance:1.0'] },
  });
  expect(res.status).toBe(201);
};

beforeAll(async () => {
  authority = await startAuthority();
  const ports = [await freePort(), await freePort()];
  for (const port of ports) await register(port);
  dcp = { 'identity.kind': 'dcp', 'identity.authorityUrl': authority.publicUrl, 'identity.trustedIssuers': [authority.did], 'did.allowHttpLoopback': true };
  provider = await startConnector('sqlite', {}, dcp, ports[0]);
  consumer = await startConnector('sqlite', {}, dcp, ports[1]);
});
afterAll(async () => {
  for (const c of [newcomer, consumer, provider]) await c?.stop();
  await authority?.stop();
});

const catalogStatus = async (caller: RunningConnector) => {
  const providerDid = provider.connector.config.participantId;
  const res = await fetch(`${provider.publicUrl}/api/dsp/catalog/request`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: await caller.connector.identity!.peerAuth.tokenFor(providerDid) },
    body: JSON.stringify({ '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'], '@type': 'CatalogRequestMessage', filter: [] }),
  });
  return res.status;
};
const heldKeys = async (c: RunningConnector) =>
  (await c.connector.stores.heldCredentials.list()).map((h) => (h.credential.proof as { verificationMethod?: string } | undefined)?.verificationMethod);

describe('authority key rotation', () => {
  it('should let a connector renew its credentials at once, though it cached the authority’s older DID document', async () => {
    expect(await catalogStatus(consumer)).toBe(200); // the provider now holds the authority's DID document with key-1 only
    expect(await heldKeys(consumer)).toEqual(expect.arrayContaining([`${authority.did}#key-1`]));
    expect((await authority.authority.runtime.keys.rotate()).kid).toBe('key-2');
    const renewed = await consumer.api('/api/v1/identity/credentials/request', { method: 'POST' });
    expect(renewed.status, await renewed.clone().text()).toBe(200);
    expect(new Set(await heldKeys(consumer))).toEqual(new Set([`${authority.did}#key-2`]));
  });

  it('should let a warm peer accept a newcomer whose credentials the rotated-in key signed', async () => {
    const port = await freePort();
    await register(port);
    newcomer = await startConnector('sqlite', {}, dcp, port);
    expect(new Set(await heldKeys(newcomer))).toEqual(new Set([`${authority.did}#key-2`]));
    expect(await catalogStatus(newcomer)).toBe(200);
    expect(await catalogStatus(consumer)).toBe(200);
  });
});
