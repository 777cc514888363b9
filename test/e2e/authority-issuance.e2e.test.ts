import BetterSqlite3 from 'better-sqlite3';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../core/index.js';
import { didWebFromUrl } from '../../connector/identity/index.js';
import { freePort } from '../helpers/connector-process.js';
import { startAuthority, type RunningAuthority } from '../helpers/start-authority.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';

/** The authority's registry and issuance under use: DIDs it registers, repeated and failing issuance, list roll-over. */
describe('the authority: registration, issuance and its revocation lists', () => {
  let authority: RunningAuthority;
  let alice: RunningConnector;
  let bob: RunningConnector;
  const ports: number[] = [];
  const didOf = (port: number) => didWebFromUrl(`http://127.0.0.1:${port}`);
  const identityOf = (c: RunningConnector) =>
    c.connector.identity ??
    (() => {
      throw new Error('no DCP identity');
    })();
  const issue = async (c: RunningConnector) =>
    fetch(`${authority.publicUrl}/api/issuance/credentials`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await identityOf(c).runtime.selfIssuedToken(authority.did)}` },
      body: '{}',
    });
  const register = (did: string) => authority.api('/api/v1/participants', { method: 'POST', json: { did, legalName: `Org ${did}` } });
  const dcp = () => ({ 'identity.kind': 'dcp', 'identity.authorityUrl': authority.publicUrl, 'identity.trustedIssuers': [authority.did], 'did.allowHttpLoopback': true });

  beforeAll(async () => {
    authority = await startAuthority();
    ports.push(await freePort(), await freePort());
    for (const port of ports) expect((await register(didOf(port))).status).toBe(201);
    alice = await startConnector('sqlite', {}, dcp(), ports[0]);
  });
  afterAll(async () => {
    await bob?.stop();
    await alice?.stop();
    await authority?.stop();
  });

  it('should register did:web participants only, under one spelling, and refuse an unknown status filter', async () => {
    for (const did of ['did:foo:bar', 'did:web:example.com::x', 'did:web:example.com:..']) {
      const res = await register(did);
      expect(res.status, did).toBe(400);
      expect(JSON.stringify(await res.json()), did).toContain('/did');
    }
    const alias = await register(didOf(ports[0] as number).replace('%3A', '%3a'));
    expect(alias.status).toBe(409);
    const lower = await register('did:web:127.0.0.1%3a9');
    expect(lower.status).toBe(201);
    expect(((await lower.json()) as { did: string }).did).toBe('did:web:127.0.0.1%3A9');
    const bogus = await authority.api('/api/v1/participants?status=bogus');
    expect(bogus.status).toBe(400);
    expect(await bogus.json()).toMatchObject({ code: 'INVALID_QUERY' });
    const revoked = (await (await authority.api('/api/v1/participants?status=revoked')).json()) as { total: number };
    expect(revoked.total).toBe(0);
  });

  it('should hand a participant that asks again soon the set it holds, not new status indices', async () => {
    const did = identityOf(alice).runtime.did;
    const held = (await (await authority.api(`/api/v1/participants/${encodeURIComponent(did)}/credentials`)).json()) as { id: string }[];
    expect(held.length).toBeGreaterThan(0);
    for (let i = 0; i < 5; i++) {
      const res = await issue(alice);
      expect(res.status).toBe(200);
      const { credentials } = (await res.json()) as { credentials: { id: string }[] };
      expect(credentials.map((c) => c.id).sort()).toEqual(held.map((c) => c.id).sort());
    }
    const after = (await (await authority.api(`/api/v1/participants/${encodeURIComponent(did)}/credentials`)).json()) as unknown[];
    expect(after).toHaveLength(held.length);
  });

  it('should answer a store fault during issuance with 503 and Retry-After, not 500', async () => {
    const store = authority.authority.stores.authority;
    const original = store.issue.bind(store);
    store.issue = async () => {
      throw new ConnectorError('STORE_UNAVAILABLE', { detail: 'the disk is full', retryable: true, retryAfterSeconds: 30 });
    };
    try {
      const res = await issue(alice);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('30');
    } finally {
      store.issue = original;
    }
  });

  it('should open revocation-2 when revocation-1 is full, serve it, and revoke on it', async () => {
    const db = new BetterSqlite3(String(authority.authority.config.store.path));
    db.prepare("UPDATE authority_status_lists SET next_index = size WHERE id = 'revocation-1'").run();
    db.close();
    bob = await startConnector('sqlite', {}, dcp(), ports[1]);
    const did = identityOf(bob).runtime.did;
    const held = (await (await authority.api(`/api/v1/participants/${encodeURIComponent(did)}/credentials`)).json()) as { credential: Record<string, unknown> }[];
    const lists = held.map((h) => (h.credential.credentialStatus as { statusListCredential: string }).statusListCredential);
    expect(lists).toContain(`${authority.publicUrl}/status/revocation-2`);
    const served = await fetch(`${authority.publicUrl}/status/revocation-2`);
    expect(served.status).toBe(200);
    expect(((await served.json()) as { id: string }).id).toBe(`${authority.publicUrl}/status/revocation-2`);
    const revoke = await authority.api(`/api/v1/participants/${encodeURIComponent(did)}/revoke`, { method: 'POST' });
    expect(((await revoke.json()) as { revokedCredentials: number }).revokedCredentials).toBe(held.length);
    const { revokedIndices } = await authority.authority.stores.authority.statusListState('revocation-2');
    expect(revokedIndices).toContain(0);
  });

  it('should answer a presentation query by presentationDefinition with 501, and one with scope and presentationDefinition with 400', async () => {
    const accessToken = String(decodeJwt((await identityOf(alice).peerAuth.tokenFor(identityOf(bob).runtime.did)).replace(/^Bearer /, '')).token);
    const query = async (body: Record<string, unknown>) =>
      fetch(`${alice.publicUrl}/api/credentials/presentations/query`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await identityOf(bob).runtime.selfIssuedToken(identityOf(alice).runtime.did, accessToken)}` },
        body: JSON.stringify({ '@context': ['https://w3id.org/dspace-dcp/v1.0/dcp.jsonld'], type: 'PresentationQueryMessage', ...body }),
      });
    const definition = { presentationDefinition: { id: 'pd', input_descriptors: [] } };
    expect((await query(definition)).status).toBe(501);
    expect((await query({ scope: ['org.eclipse.dspace.dcp.vc.type:MembershipCredential:read'], ...definition })).status).toBe(400);
    expect((await query({ scope: ['org.eclipse.dspace.dcp.vc.type:MembershipCredential:read'] })).status).toBe(200);
  });
});
