import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorError, systemClock } from '../../core/index.js';
import { createAuthority, type Authority } from '../../connector/authority-app.js';
import { loadConfig } from '../../connector/config/load-config.js';
import { didWebFromUrl } from '../../connector/identity/index.js';
import { signEd25519Jws } from '../../connector/identity/keys/ed25519-jws.js';
import { publicKeyToMultibase } from '../../connector/identity/keys/multikey.js';
import { freePort } from '../helpers/connector-process.js';
import { capturingLogger, ERROR_LEVEL } from '../helpers/log-capture.js';
import { startConnector, TEST_API_KEY, type RunningConnector } from '../helpers/start-connector.js';

interface LoggedAuthority {
  authority: Authority;
  publicUrl: string;
  lines: { level: number; msg?: string }[];
  api(path: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

/** An authority on loopback whose log lines the test reads. */
async function startLoggedAuthority(overrides: Record<string, unknown> = {}): Promise<LoggedAuthority> {
  const dir = mkdtempSync(join(tmpdir(), 'kontor-authority-'));
  const capture = capturingLogger();
  const config = loadConfig({
    env: {},
    overrides: {
      'managementApi.apiKey': TEST_API_KEY,
      'managementApi.port': 0,
      'publicApi.port': await freePort(),
      'publicApi.host': '127.0.0.1',
      'store.path': join(dir, 'authority.db'),
      'identity.keyFile': join(dir, 'keys.json'),
      'did.allowHttpLoopback': true,
      'shutdown.graceMs': 500,
      ...overrides,
    },
  });
  const authority = await createAuthority(config, { logger: capture.logger });
  const { managementUrl, publicUrl } = await authority.start();
  return {
    authority,
    publicUrl,
    lines: capture.lines,
    api: (path, init = {}) => fetch(`${managementUrl}${path}`, { ...init, headers: { 'x-api-key': TEST_API_KEY, 'content-type': 'application/json', ...init.headers } }),
    stop: async () => {
      await authority.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What an outsider or a careless operator sends the authority: it answers 4xx or 503, never 500, and logs no error. */
describe('the authority under hostile input', () => {
  let authority: LoggedAuthority;
  let alice: RunningConnector;
  let aliceLines: { level: number; msg?: string }[];
  let outsider: http.Server;
  const documents = new Map<string, unknown>();
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const multibase = publicKeyToMultibase(Buffer.from(String(publicKey.export({ format: 'jwk' }).x), 'base64url'));
  const outsiderDid = (segment: string) => `did:web:127.0.0.1%3A${(outsider.address() as AddressInfo).port}:${segment}`;
  const token = (did: string, audience: string) => {
    const now = Math.floor(systemClock.now() / 1000);
    return signEd25519Jws(
      { alg: 'EdDSA', typ: 'JWT', kid: `${did}#k1` },
      { iss: did, sub: did, aud: audience, iat: now, exp: now + 60, jti: randomUUID(), token: 'x' },
      privateKey,
    );
  };
  const authorityDid = () => authority.authority.did;

  beforeAll(async () => {
    outsider = http.createServer((req, res) => {
      const doc = documents.get(/^\/([^/]+)\/did\.json$/.exec(req.url ?? '')?.[1] ?? '');
      res.statusCode = doc ? 200 : 404;
      res.setHeader('content-type', 'application/json');
      res.end(doc ? JSON.stringify(doc) : '');
    });
    await new Promise<void>((resolve) => outsider.listen(0, '127.0.0.1', resolve));
    authority = await startLoggedAuthority();
    const port = await freePort();
    expect(
      (await authority.api('/api/v1/participants', { method: 'POST', body: JSON.stringify({ did: didWebFromUrl(`http://127.0.0.1:${port}`), legalName: 'Alice' }) })).status,
    ).toBe(201);
    const capture = capturingLogger();
    aliceLines = capture.lines;
    alice = await startConnector(
      'sqlite',
      { logger: capture.logger },
      { 'identity.kind': 'dcp', 'identity.authorityUrl': authority.publicUrl, 'identity.trustedIssuers': [authorityDid()], 'did.allowHttpLoopback': true },
      port,
    );
  });
  afterAll(async () => {
    await alice?.stop();
    await authority?.stop();
    outsider?.close();
  });

  const aliceDid = () => alice.connector.config.participantId;
  const method = (did: string) => ({ id: `${did}#k1`, type: 'Multikey', controller: did, publicKeyMultibase: multibase });

  it.each([
    ['authentication: [null]', 'null-member', { authentication: [null] }],
    ['capabilityInvocation: 5', 'number', { capabilityInvocation: 5 }],
    ['authentication: "x"', 'string', { authentication: 'x' }],
    ['authentication: [{}]', 'no-id', { authentication: [{}] }],
  ])('should refuse a token whose DID document has %s with 401 on issuance, directory and DSP, logging no error', async (_name, segment, relationships) => {
    const did = outsiderDid(segment);
    documents.set(segment, { id: did, verificationMethod: [method(did)], ...relationships });
    const issuance = await fetch(`${authority.publicUrl}/api/issuance/credentials`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token(did, authorityDid())}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(issuance.status).toBe(401);
    const directory = await fetch(`${authority.publicUrl}/api/directory`, { headers: { authorization: `Bearer ${token(did, authorityDid())}` } });
    expect(directory.status).toBe(401);
    const dsp = await fetch(`${alice.publicUrl}/api/dsp/catalog/request`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token(did, aliceDid())}`, 'content-type': 'application/json' },
      body: JSON.stringify({ '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'], '@type': 'CatalogRequestMessage' }),
    });
    expect(dsp.status).toBe(401);
    expect(authority.lines.filter((l) => l.level >= ERROR_LEVEL)).toEqual([]);
    expect(aliceLines.filter((l) => l.level >= ERROR_LEVEL)).toEqual([]);
  });

  it('should answer a store fault in the directory with 503 and Retry-After, not 500', async () => {
    const store = authority.authority.stores.authority;
    const original = store.listParticipants.bind(store);
    store.listParticipants = async () => {
      throw new ConnectorError('STORE_UNAVAILABLE', { detail: 'the disk is full', retryable: true, retryAfterSeconds: 30 });
    };
    try {
      const identity = alice.connector.identity;
      if (!identity) throw new Error('no DCP identity');
      const res = await fetch(`${authority.publicUrl}/api/directory`, { headers: { authorization: `Bearer ${await identity.runtime.selfIssuedToken(authorityDid())}` } });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('30');
      expect(await res.json()).toMatchObject({ status: 503, code: 'STORE_UNAVAILABLE' });
    } finally {
      store.listParticipants = original;
    }
  });

  it.each([
    ['roles', { roles: ['admin', 'admin'] }, '/roles'],
    ['businessPartnerGroups', { businessPartnerGroups: ['g', 'g'] }, '/businessPartnerGroups'],
    ['frameworkAgreements', { frameworkAgreements: ['DataExchangeGovernance:1.0', 'DataExchangeGovernance:1.0'] }, '/frameworkAgreements'],
    ['frameworkAgreements, one name in two versions', { frameworkAgreements: ['DataExchangeGovernance:1.0', 'DataExchangeGovernance:2.0'] }, '/frameworkAgreements/1'],
  ])('should refuse duplicate %s at registration with 400 naming the field', async (_name, fields, pointer) => {
    const res = await authority.api('/api/v1/participants', { method: 'POST', body: JSON.stringify({ did: outsiderDid(`dup-${randomUUID()}`), legalName: 'Dup', ...fields }) });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { code: string; errors: { pointer: string; message: string }[] };
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ pointer })]));
    if (pointer.endsWith('/1')) expect(problem.errors[0]?.message).toContain("'DataExchangeGovernance'");
  });

  it('should tell a body that is valid JSON but no object from one that is not JSON', async () => {
    const post = (body: string) => fetch(`${authority.publicUrl}/api/issuance/credentials`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    for (const body of ['"x"', 'null', '5', 'true']) {
      const res = await post(body);
      expect(res.status, body).toBe(400);
      expect(await res.json(), body).toMatchObject({ code: 'VALIDATION_FAILED', detail: 'the request body must be a JSON object' });
    }
    for (const body of ['{"holder":', 'x', '"x']) {
      const res = await post(body);
      expect(res.status, body).toBe(400);
      expect(await res.json(), body).toMatchObject({ code: 'MALFORMED_JSON' });
    }
  });
});

/** A `publicApi.url` with a path gives did:web:host:path, whose document is at <url>/did.json (and /did.json behind a proxy that strips the path). */
describe('a public URL with a path', () => {
  it('should let the authority and a connector be resolved as did:web with a path', async () => {
    const authorityPort = await freePort();
    const authority = await startLoggedAuthority({ 'publicApi.port': authorityPort, 'publicApi.url': `http://127.0.0.1:${authorityPort}/auth` });
    const connectorPort = await freePort();
    let connector: RunningConnector | undefined;
    try {
      expect(authority.authority.did).toBe(`did:web:127.0.0.1%3A${authorityPort}:auth`);
      connector = await startConnector(
        'sqlite',
        {},
        {
          'publicApi.url': `http://127.0.0.1:${connectorPort}/kontor`,
          'identity.kind': 'dcp',
          'identity.authorityUrl': `http://127.0.0.1:${authorityPort}`,
          'identity.trustedIssuers': [authority.authority.did],
          'did.allowHttpLoopback': true,
        },
        connectorPort,
      );
      const identity = connector.connector.identity;
      if (!identity) throw new Error('no DCP identity');
      expect(identity.runtime.did).toBe(`did:web:127.0.0.1%3A${connectorPort}:kontor`);
      for (const [port, path, did] of [
        [authorityPort, 'auth', authority.authority.did],
        [connectorPort, 'kontor', identity.runtime.did],
      ] as const) {
        for (const served of [`/${path}/did.json`, '/did.json', '/.well-known/did.json']) {
          const res = await fetch(`http://127.0.0.1:${port}${served}`);
          expect(res.status, served).toBe(200);
          expect(((await res.json()) as { id: string }).id, served).toBe(did);
        }
        identity.runtime.resolver.evict?.(did);
        expect(await identity.runtime.resolver.resolve(did), did).toMatchObject({ ok: true, didDocument: { id: did } });
      }
    } finally {
      await connector?.stop();
      await authority.stop();
    }
  });
});
