import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConnectorError, FixedClock, type Logger } from '../../core/index.js';
import {
  buildStatusListCredential,
  createDidWebResolver,
  createDocumentLoader,
  createIdentityVerifier,
  CredentialVerifier,
  DidResolverRegistry,
  memoryFetch,
  MemoryReplayCache,
  StatusChecker,
  StatusList,
  checkCredentialProof,
  checkValidityPeriod,
  type IdentityVerifier,
} from '../../connector/identity/index.js';
import { dataIntegrityFormat } from '../../connector/identity/vc/formats/data-integrity-format.js';
import { jwtFormat } from '../../connector/identity/vc/formats/jwt-format.js';
import { issueJwtCredential } from '../../connector/identity/vc/jwt/issue-jwt-credential.js';
import { JwtCredentialVerifier } from '../../connector/identity/vc/jwt/jwt-credential.js';
import { EdcStyleParty } from '../helpers/edc-style-party.js';

const OWN_DID = 'did:web:127.0.0.1%3A9300';
const BSSL_URL = 'http://127.0.0.1:9100/status/bssl-1';

function recordingLogger(lines: string[]): Logger {
  const log = (obj: object | string) => void lines.push(typeof obj === 'string' ? obj : JSON.stringify(obj));
  const logger: Logger = { debug: log, info: log, warn: log, error: log, child: () => logger };
  return logger;
}

/** A compact JWT with `alg: none` and no signature, as an attacker would send it. */
const unsigned = (payload: object) =>
  `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.`;

describe('DCP with JWT credentials and ES256 (EDC / Tractus-X shapes)', () => {
  let clock: FixedClock;
  let issuer: EdcStyleParty;
  let holder: EdcStyleParty;
  let logs: string[];
  let verifier: IdentityVerifier;
  let documents: Map<string, unknown>;
  let bsslRevoked: StatusList;
  /** What the holder's credential service answers with (reset per test). */
  let presentations: (audience: string) => Promise<unknown[]>;
  let trusted: { did: string }[];

  beforeEach(async () => {
    clock = new FixedClock();
    issuer = new EdcStyleParty('127.0.0.1:9100', clock, 'JsonWebKey2020');
    holder = new EdcStyleParty('127.0.0.1:9200', clock, 'Multikey');
    documents = new Map<string, unknown>([
      [issuer.didDocumentUrl, issuer.didDocument()],
      [holder.didDocumentUrl, holder.didDocument({ credentialService: 'http://127.0.0.1:9200/api/credentials' })],
    ]);
    const resolver = new DidResolverRegistry([createDidWebResolver({ fetch: memoryFetch(documents), allowHttpLoopback: true })], { clock, cacheTtlMs: 0 });
    const documentLoader = createDocumentLoader(resolver);
    const jwtCredentials = new JwtCredentialVerifier({ resolver, clock });
    bsslRevoked = StatusList.create();
    const status = new StatusChecker({
      provider: {
        fetchStatusList: async (url) => {
          if (url === issuer.statusListUrl) return issuer.statusListJwt();
          if (url === BSSL_URL) {
            const list = await buildStatusListCredential({
              id: BSSL_URL,
              issuer: issuer.did,
              statusPurpose: 'revocation',
              list: bsslRevoked,
              validFrom: new Date(clock.now() - 60_000).toISOString(),
            });
            return issueJwtCredential(list, issuer.signer, 'vc20-bssl/jwt');
          }
          throw new Error(`no list at ${url}`);
        },
      },
      decodeJwt: (jwt) => jwtCredentials.decode(jwt),
      checkProof: (c) => checkCredentialProof(c, documentLoader, clock.now()),
      checkPeriod: (c) => checkValidityPeriod(c, clock.now(), 60_000),
      clock,
      refreshMs: 0,
    });
    trusted = [{ did: issuer.did }];
    const credentialVerifier = new CredentialVerifier({ documentLoader, clock, trustedIssuers: trusted, status });
    logs = [];
    presentations = async (audience) => [await holder.presentation([await issuer.issueVc11(holder.did, 'MembershipCredential', 3)], audience)];
    verifier = createIdentityVerifier({
      ownDid: OWN_DID,
      resolver,
      replayCache: new MemoryReplayCache(clock),
      credentialVerifier,
      clock,
      logger: recordingLogger(logs),
      cacheSize: 0,
      formats: [dataIntegrityFormat(credentialVerifier), jwtFormat({ resolver, credentials: credentialVerifier, jwtCredentials, clock })],
      fetchPresentation: async (request) => {
        expect(request).toMatchObject({ holderDid: holder.did, credentialServiceUrl: 'http://127.0.0.1:9200/api/credentials', accessToken: 'edc-access-token' });
        return presentations(OWN_DID);
      },
    });
  });

  const token = (overrides?: Parameters<EdcStyleParty['selfIssuedToken']>[2]) => holder.selfIssuedToken(OWN_DID, 'edc-access-token', overrides);
  const rejectionOf = async (authorization: string) => {
    const error = await verifier.verify(`Bearer ${authorization}`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ code: 'UNAUTHORIZED' });
    return String(logs.at(-1));
  };
  const vc20 = async (index: number, subject = holder.did) =>
    issueJwtCredential(
      {
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        id: `urn:uuid:vc20-${index}`,
        type: ['VerifiableCredential', 'MembershipCredential'],
        issuer: issuer.did,
        validFrom: new Date(clock.now() - 60_000).toISOString(),
        validUntil: new Date(clock.now() + 3_600_000).toISOString(),
        credentialSubject: { id: subject, holderIdentifier: 'BPNL000000000EDC' },
        credentialStatus: {
          id: `${BSSL_URL}#${index}`,
          type: 'BitstringStatusListEntry',
          statusPurpose: 'revocation',
          statusListIndex: String(index),
          statusListCredential: BSSL_URL,
        },
      },
      issuer.signer,
      'vc20-bssl/jwt',
    );

  it('should accept an ES256 token and a vc11-sl2021/jwt presentation (P-256 keys as JsonWebKey2020 and Multikey)', async () => {
    const agent = await verifier.verify(`Bearer ${await token()}`);
    expect(agent.id).toBe(holder.did);
    expect(agent.claims).toMatchObject({ credentialTypes: ['MembershipCredential'], membership: { active: true, issuer: issuer.did } });
  });

  it('should accept a vc20-bssl/jwt presentation with enveloped credentials, also wrapped in an EnvelopedVerifiablePresentation', async () => {
    presentations = async (audience) => {
      const vp = await holder.presentation([await vc20(5)], audience);
      return [{ '@context': ['https://www.w3.org/ns/credentials/v2'], type: 'EnvelopedVerifiablePresentation', id: `data:application/vp+jwt,${vp}` }];
    };
    const agent = await verifier.verify(`Bearer ${await token()}`);
    expect(agent.claims).toMatchObject({ credentialTypes: ['MembershipCredential'] });
  });

  it('should refuse alg none', async () => {
    const now = Math.floor(clock.now() / 1000);
    const log = await rejectionOf(unsigned({ iss: holder.did, sub: holder.did, aud: OWN_DID, iat: now, exp: now + 60, jti: 'j1', token: 'edc-access-token' }));
    expect(log).toContain('token: unsupported algorithm (none)');
  });

  it('should refuse an algorithm the key does not sign with (EdDSA header on a P-256 key)', async () => {
    const ed = generateKeyPairSync('ed25519').privateKey;
    const log = await rejectionOf(await token({ header: { alg: 'EdDSA' }, key: ed }));
    expect(log).toContain('token: algorithm does not match key (EdDSA on a ES256 key)');
  });

  it('should refuse a credential whose algorithm does not match the issuer key it names', async () => {
    const ed = generateKeyPairSync('ed25519').privateKey;
    presentations = async (audience) => {
      const now = Math.floor(clock.now() / 1000);
      const vc = await new SignJWT({ vc: { type: ['VerifiableCredential', 'MembershipCredential'], issuer: issuer.did, credentialSubject: { id: holder.did } } })
        .setProtectedHeader({ alg: 'EdDSA', kid: issuer.kid })
        .setIssuer(issuer.did)
        .setSubject(holder.did)
        .setNotBefore(now - 60)
        .setExpirationTime(now + 3600)
        .sign(ed);
      return [await holder.presentation([vc], audience)];
    };
    expect(await rejectionOf(await token())).toContain('issuer key: algorithm does not match key (EdDSA on a ES256 key)');
  });

  it('should refuse an algorithm outside EdDSA and ES256', async () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
    const log = await rejectionOf(await token({ header: { alg: 'ES384' }, key: p384 }));
    expect(log).toContain('token: unsupported algorithm (ES384)');
  });

  it('should refuse a key id that is not in the DID document', async () => {
    const log = await rejectionOf(await token({ header: { kid: `${holder.did}#key-2` } }));
    expect(log).toContain('token: unknown key');
  });

  it('should refuse a token signed by a key the DID document does not hold', async () => {
    const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const log = await rejectionOf(await token({ key: stranger }));
    expect(log).toContain('token: signature invalid');
  });

  it('should refuse a presentation signed by a key the holder DID document does not hold', async () => {
    const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    presentations = async (audience) => {
      const vc = await issuer.issueVc11(holder.did, 'MembershipCredential', 3);
      const now = Math.floor(clock.now() / 1000);
      return [
        await new SignJWT({ vp: { type: 'VerifiablePresentation', verifiableCredential: [vc] } })
          .setProtectedHeader({ alg: 'ES256', kid: holder.kid })
          .setIssuer(holder.did)
          .setAudience(audience)
          .setIssuedAt(now)
          .setExpirationTime(now + 60)
          .sign(stranger),
      ];
    };
    expect(await rejectionOf(await token())).toContain('presentation signature does not verify');
  });

  it('should refuse an expired presentation and one without exp', async () => {
    const vc = await issuer.issueVc11(holder.did, 'MembershipCredential', 3);
    const now = Math.floor(clock.now() / 1000);
    const vp = (exp: number | undefined) => {
      const jwt = new SignJWT({ vp: { type: 'VerifiablePresentation', verifiableCredential: [vc] } })
        .setProtectedHeader({ alg: 'ES256', kid: holder.kid })
        .setIssuer(holder.did)
        .setAudience(OWN_DID)
        .setIssuedAt(now - 600);
      return (exp === undefined ? jwt : jwt.setExpirationTime(exp)).sign(holder.privateKey);
    };
    presentations = async () => [await vp(now - 300)];
    expect(await rejectionOf(await token())).toContain('presentation: presentation expired');
    presentations = async () => [await vp(undefined)];
    expect(await rejectionOf(await token())).toContain('presentation: presentation has no exp');
  });

  it('should refuse an expired token', async () => {
    const now = Math.floor(clock.now() / 1000);
    expect(await rejectionOf(await token({ claims: { iat: now - 900, exp: now - 600 } }))).toContain('token: token expired');
  });

  it('should refuse an expired credential', async () => {
    presentations = async (audience) => [
      await holder.presentation([await issuer.issueVc11(holder.did, 'MembershipCredential', 3, { fromMs: clock.now() - 7_200_000, untilMs: clock.now() - 3_600_000 })], audience),
    ];
    expect(await rejectionOf(await token())).toMatch(/credential urn:uuid:[^ ]+ \(vc11-sl2021\/jwt\): expired at/);
  });

  it('should refuse a credential not yet valid', async () => {
    presentations = async (audience) => [await holder.presentation([await issuer.issueVc11(holder.did, 'MembershipCredential', 3, { fromMs: clock.now() + 3_600_000 })], audience)];
    expect(await rejectionOf(await token())).toContain('not valid before');
  });

  it('should refuse a credential revoked on its StatusList2021 list (served as JWT)', async () => {
    issuer.revoked.add(3);
    expect(await rejectionOf(await token())).toContain(`revocation bit 3 is set in ${issuer.statusListUrl}`);
  });

  it('should refuse a credential revoked on its BitstringStatusList (served as JWT)', async () => {
    bsslRevoked.set(5, true);
    presentations = async (audience) => [await holder.presentation([await vc20(5)], audience)];
    expect(await rejectionOf(await token())).toContain(`revocation bit 5 is set in ${BSSL_URL}`);
  });

  it('should refuse a token addressed to someone else', async () => {
    expect(await rejectionOf(await holder.selfIssuedToken('did:web:elsewhere', 'edc-access-token'))).toContain('token: wrong audience');
  });

  it('should refuse a presentation addressed to someone else', async () => {
    presentations = async () => [await holder.presentation([await issuer.issueVc11(holder.did, 'MembershipCredential', 3)], 'did:web:elsewhere')];
    expect(await rejectionOf(await token())).toContain('wrong audience (did:web:elsewhere)');
  });

  it('should refuse a replayed token id', async () => {
    const once = await token();
    await verifier.verify(`Bearer ${once}`);
    expect(await rejectionOf(once)).toContain('token: replayed token id');
  });

  it('should refuse a presentation holding a credential from an untrusted issuer', async () => {
    const rogue = new EdcStyleParty('127.0.0.1:9400', clock);
    documents.set(rogue.didDocumentUrl, rogue.didDocument());
    presentations = async (audience) => [await holder.presentation([await rogue.issueVc11(holder.did, 'MembershipCredential', 1)], audience)];
    expect(await rejectionOf(await token())).toContain(`issuer ${rogue.did} is not trusted for MembershipCredential`);
  });

  it('should refuse a credential whose subject is not the presenter', async () => {
    presentations = async (audience) => [await holder.presentation([await issuer.issueVc11('did:web:someone-else', 'MembershipCredential', 3)], audience)];
    expect(await rejectionOf(await token())).toContain(`credential subject is not ${holder.did}`);
  });

  it('should refuse a credential JWT whose signature was tampered with', async () => {
    presentations = async (audience) => {
      const vc = await issuer.issueVc11(holder.did, 'MembershipCredential', 3);
      const [h, p] = vc.split('.');
      const forged = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p ?? '', 'base64url').toString()), sub: holder.did, vc: { type: ['VerifiableCredential', 'MembershipCredential'], issuer: issuer.did, credentialSubject: { id: holder.did, roles: ['admin'] } } })).toString('base64url')}.${vc.split('.')[2]}`;
      return [await holder.presentation([forged], audience)];
    };
    expect(await rejectionOf(await token())).toContain('the JWT signature does not verify');
  });
});
