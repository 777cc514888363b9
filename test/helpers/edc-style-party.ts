import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { SignJWT, type JWTPayload } from 'jose';
import type { Clock } from '../../core/index.js';
import { issueJwtCredential } from '../../connector/identity/vc/jwt/issue-jwt-credential.js';
import type { JwtSigner } from '../../connector/identity/vc/jwt/jwt-signer.js';
import { signJwtPresentation } from '../../connector/identity/vc/jwt/sign-jwt-presentation.js';
import { p256PublicKeyMultibase } from '../../connector/identity/token/verification-key.js';

export type KeyStyle = 'JsonWebKey2020' | 'Multikey';

/**
 * A participant as Eclipse EDC / Tractus-X sets one up: a P-256 key (ES256), a did:web document in EDC's shape
 * (`did/v1` + `jws-2020` contexts, a `JsonWebKey2020` or `Multikey` method, no `authentication` relationship),
 * credentials as VC 1.1 JWTs with `StatusList2021Entry`, status lists served as JWTs. Written for these tests from
 * the public texts: Decentralized Claims Protocol 1.0 (https://eclipse-dataspace-dcp.github.io/decentralized-claims-protocol/),
 * W3C VC Data Model 1.1 (https://www.w3.org/TR/vc-data-model-1.1/) and Status List 2021; it is not EDC code.
 */
export class EdcStyleParty {
  readonly did: string;
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** Revoked StatusList2021 indices of this party's list (when it is an issuer). */
  readonly revoked = new Set<number>();

  constructor(
    readonly host: string,
    readonly clock: Clock,
    readonly keyStyle: KeyStyle = 'JsonWebKey2020',
  ) {
    this.did = `did:web:${host.replace(':', '%3A')}`;
    this.kid = `${this.did}#key-1`;
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
  }

  get signer(): JwtSigner {
    return { did: this.did, kid: this.kid, alg: 'ES256', key: this.privateKey };
  }

  /** The DID document URL for a did:web on a loopback host (plain HTTP). */
  get didDocumentUrl(): string {
    return `http://${this.host}/.well-known/did.json`;
  }

  get statusListUrl(): string {
    return `http://${this.host}/status/sl2021-1`;
  }

  didDocument(services: { credentialService?: string; dsp?: string } = {}): Record<string, unknown> {
    const jwk = this.publicKey.export({ format: 'jwk' });
    const method =
      this.keyStyle === 'JsonWebKey2020'
        ? { id: this.kid, type: 'JsonWebKey2020', controller: this.did, publicKeyJwk: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y } }
        : { id: this.kid, type: 'Multikey', controller: this.did, publicKeyMultibase: p256PublicKeyMultibase(this.publicKey) };
    const service = [
      ...(services.credentialService ? [{ id: `${this.did}#credential-service`, type: 'CredentialService', serviceEndpoint: services.credentialService }] : []),
      ...(services.dsp ? [{ id: `${this.did}#dsp`, type: 'DataService', serviceEndpoint: services.dsp }] : []),
    ];
    return { '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1'], id: this.did, verificationMethod: [method], service };
  }

  /** A self-issued ID token as EDC's STS makes one; `overrides` replace claims or header members (negative tests). */
  async selfIssuedToken(
    audience: string,
    accessToken: string | undefined,
    overrides: { header?: Record<string, unknown>; claims?: JWTPayload; key?: KeyObject } = {},
  ): Promise<string> {
    const now = Math.floor(this.clock.now() / 1000);
    const claims: JWTPayload = {
      iss: this.did,
      sub: this.did,
      aud: audience,
      iat: now,
      exp: now + 300,
      jti: randomUUID(),
      ...(accessToken ? { token: accessToken } : {}),
      ...overrides.claims,
    };
    return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: this.kid, ...overrides.header } as { alg: string }).sign(overrides.key ?? this.privateKey);
  }

  /** A VC 1.1 credential as JWT issued by this party to `subject`, with a StatusList2021 revocation entry at `index`. */
  async issueVc11(subject: string, type: string, index: number, validity: { fromMs?: number; untilMs?: number } = {}, claims: Record<string, unknown> = {}): Promise<string> {
    const from = validity.fromMs ?? this.clock.now() - 60_000;
    const until = validity.untilMs ?? this.clock.now() + 86_400_000;
    return issueJwtCredential(
      {
        '@context': ['https://www.w3.org/2018/credentials/v1', 'https://w3id.org/catenax/credentials/v1.0.0'],
        id: `urn:uuid:${randomUUID()}`,
        type: ['VerifiableCredential', type],
        issuer: this.did,
        issuanceDate: new Date(from).toISOString(),
        expirationDate: new Date(until).toISOString(),
        credentialSubject: { id: subject, holderIdentifier: 'BPNL000000000EDC', ...claims },
        credentialStatus: {
          id: `${this.statusListUrl}#${index}`,
          type: 'StatusList2021Entry',
          statusPurpose: 'revocation',
          statusListIndex: String(index),
          statusListCredential: this.statusListUrl,
        },
      },
      this.signer,
      'vc11-sl2021/jwt',
    );
  }

  /** This party's StatusList2021 credential as a JWT (VC 1.1; base64url GZIP without multibase prefix). */
  async statusListJwt(): Promise<string> {
    const bits = Buffer.alloc(16 * 1024);
    for (const index of this.revoked) bits[index >> 3] = (bits[index >> 3] ?? 0) | (0x80 >> (index & 7));
    return issueJwtCredential(
      {
        '@context': ['https://www.w3.org/2018/credentials/v1', 'https://w3id.org/vc/status-list/2021/v1'],
        id: this.statusListUrl,
        type: ['VerifiableCredential', 'StatusList2021Credential'],
        issuer: this.did,
        issuanceDate: new Date(this.clock.now() - 60_000).toISOString(),
        credentialSubject: { id: `${this.statusListUrl}#list`, type: 'StatusList2021', statusPurpose: 'revocation', encodedList: gzipSync(bits).toString('base64url') },
      },
      this.signer,
      'vc11-sl2021/jwt',
    );
  }

  /** A `vc11-sl2021/jwt` presentation of `credentials` to `audience`. */
  presentation(credentials: readonly string[], audience: string): Promise<string> {
    return signJwtPresentation({ holder: this.signer, credentials, audience, clock: this.clock });
  }
}
