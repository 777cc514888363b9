import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDataPlane } from '../../../test/helpers/data-plane-harness.js';
import { startRecordingBackend } from '../../../test/helpers/recording-backend.js';

const SECRETS = ['api-key-s3cret', 'client-s3cret', 'inline-s3cret', 'backend-token-1', 'header-s3cret'];
let secretsDir: string;

beforeAll(async () => {
  secretsDir = await mkdtemp(join(tmpdir(), 'kontor-secrets-'));
  await writeFile(join(secretsDir, 'backend-api-key'), 'api-key-s3cret\n');
  await writeFile(join(secretsDir, 'oauth-client'), 'client-s3cret');
  return () => rm(secretsDir, { recursive: true, force: true });
});

describe('HttpData backend authentication and extra headers, through the data plane', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });
  async function setUp(address: (backendUrl: string) => Record<string, unknown>) {
    const backend = await startRecordingBackend();
    const plane = await startDataPlane({ baseUrl: `${backend.url}/data`, ...address(backend.url) }, { secretsDir });
    closers.push(backend.close, plane.close);
    return { backend, plane };
  }
  const noSecretIn = (text: string) => {
    for (const s of SECRETS) expect(text).not.toContain(s);
  };

  it.each([
    ['authKey + authCode', () => ({ authKey: 'X-Api-Key', authCode: 'inline-s3cret' }), { 'x-api-key': 'inline-s3cret' }],
    ["Kontor's authorization", () => ({ authorization: 'Bearer inline-s3cret' }), { authorization: 'Bearer inline-s3cret' }],
    ['authKey + secretName (from dataPlane.secretsDir)', () => ({ authKey: 'X-Api-Key', secretName: 'backend-api-key' }), { 'x-api-key': 'api-key-s3cret' }],
    ['authKey Authorization + secretName', () => ({ authKey: 'Authorization', secretName: 'backend-api-key' }), { authorization: 'api-key-s3cret' }],
    ['header:<name> alone', () => ({ 'header:X-Tenant': 'north', 'header:X-Key': 'header-s3cret' }), { 'x-tenant': 'north', 'x-key': 'header-s3cret' }],
    [
      'header:<name> with authKey + secretName',
      () => ({ 'header:X-Tenant': 'north', authKey: 'X-Api-Key', secretName: 'backend-api-key' }),
      { 'x-tenant': 'north', 'x-api-key': 'api-key-s3cret' },
    ],
    [
      'oauth2 client credentials with scope and a header',
      (url: string) => ({
        'oauth2:tokenUrl': `${url}/token`,
        'oauth2:clientId': 'kontor',
        'oauth2:clientSecretKey': 'oauth-client',
        'oauth2:scope': 'read',
        'header:X-Tenant': 'north',
      }),
      { authorization: 'Bearer backend-token-1', 'x-tenant': 'north' },
    ],
  ] as const)('%s: the backend gets the credential, the consumer and the logs never see it', async (_name, address, expected) => {
    const { backend, plane } = await setUp(address);
    const res = await plane.send('');
    expect(res).toEqual({ status: 200, body: '{"ok":true}' });
    expect(backend.data[0]?.headers).toMatchObject(expected);
    noSecretIn(res.body);
    noSecretIn(plane.logs());
  });

  it('should fetch the OAuth2 token with the client credentials, and reuse it until shortly before it expires', async () => {
    const { backend, plane } = await setUp((url) => ({
      'oauth2:tokenUrl': `${url}/token`,
      'oauth2:clientId': 'kontor',
      'oauth2:clientSecretKey': 'oauth-client',
      'oauth2:scope': 'read write',
    }));
    await plane.send('');
    await plane.send('');
    expect(backend.tokenCalls).toHaveLength(1);
    expect(Object.fromEntries(new URLSearchParams(backend.tokenCalls[0]?.body))).toEqual({
      grant_type: 'client_credentials',
      client_id: 'kontor',
      client_secret: 'client-s3cret',
      scope: 'read write',
    });
    expect(backend.data.map((r) => r.headers.authorization)).toEqual(['Bearer backend-token-1', 'Bearer backend-token-1']);
    plane.clock.advance(3600_000 - 30_001);
    expect((await plane.send('')).status).toBe(200);
    expect(backend.tokenCalls).toHaveLength(1);
    plane.clock.advance(1);
    expect((await plane.send('')).status).toBe(200);
    expect(backend.tokenCalls).toHaveLength(2);
    expect(backend.data.map((r) => r.headers.authorization)).toEqual(['Bearer backend-token-1', 'Bearer backend-token-1', 'Bearer backend-token-1', 'Bearer backend-token-2']);
  });

  it('should answer SECRET_UNAVAILABLE, naming no secret, when a referenced secret is not there, and call no backend', async () => {
    for (const address of [
      { authKey: 'X-Api-Key', secretName: 'not-there' },
      { 'oauth2:tokenUrl': 'http://127.0.0.1:9/token', 'oauth2:clientId': 'kontor', 'oauth2:clientSecretKey': 'not-there' },
    ]) {
      const { backend, plane } = await setUp(() => address);
      const res = await plane.send('');
      expect(res.status).toBe(503);
      expect(JSON.parse(res.body)).toMatchObject({ code: 'SECRET_UNAVAILABLE' });
      expect(res.body).not.toContain('not-there');
      expect(backend.received).toHaveLength(0);
    }
  });

  it('should tell the consumer a refusing token endpoint refused, without its URL or the client secret', async () => {
    const { backend, plane } = await setUp((url) => ({ 'oauth2:tokenUrl': `${url}/wrong-token-path`, 'oauth2:clientId': 'kontor', 'oauth2:clientSecretKey': 'oauth-client' }));
    const res = await plane.send('');
    expect(res.status).toBe(503);
    expect(JSON.parse(res.body)).toMatchObject({ code: 'PEER_UNAVAILABLE' });
    // The recording backend answers 200 with no access_token on other paths.
    expect(JSON.parse(res.body).detail).toBe("the data source's token endpoint gave no usable access_token");
    noSecretIn(res.body + plane.logs());
    expect(backend.data.map((r) => r.url)).toEqual(['/wrong-token-path']);
  });
});
