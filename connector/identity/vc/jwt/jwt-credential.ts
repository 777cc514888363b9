import { createHash } from 'node:crypto';
import { compactVerify, decodeJwt, decodeProtectedHeader, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import type { Clock } from '../../../../core/index.js';
import { BoundedCache } from '../../bounded-cache.js';
import type { DidResolver } from '../../did/did-resolver.js';
import { didSigningKey } from '../../token/did-signing-key.js';
import { isObject, issuerOf, subjectsOf, type JsonObject } from '../credential-fields.js';

/** The two JOSE credential profiles of DCP 1.0 (their aliases as the spec writes them). */
export type JwtCredentialProfile = 'vc11-sl2021/jwt' | 'vc20-bssl/jwt';

export interface DecodedJwtCredential {
  /** The credential as a JSON object in VC 2.0 field names (validFrom/validUntil), for the format-neutral checks. */
  credential: JsonObject;
  profile: JwtCredentialProfile;
  /** Signature and envelope problems; empty when the JWT is the issuer's and self-consistent. Dates are not judged here. */
  problems: string[];
}

/**
 * The compact JWT inside an entry: the string itself, or the data URL of an enveloped one (VC 2.0 §4.13): `type`
 * `EnvelopedVerifiableCredential` with `data:application/vc+jwt,…`, or `EnvelopedVerifiablePresentation` with
 * `data:application/vp+jwt,…` (either also as plain `application/jwt`).
 */
export function envelopedJwtOf(entry: unknown, kind: 'Credential' | 'Presentation'): string | undefined {
  if (typeof entry === 'string') return entry;
  if (!isObject(entry) || entry.type !== `EnvelopedVerifiable${kind}` || typeof entry.id !== 'string') return undefined;
  const id = entry.id;
  const prefix = [`data:application/${kind === 'Credential' ? 'vc' : 'vp'}+jwt,`, 'data:application/jwt,'].find((p) => id.startsWith(p));
  return prefix ? id.slice(prefix.length) : undefined;
}

/** The compact JWT inside a credential entry: the string itself, or an `EnvelopedVerifiableCredential`'s data URL. */
export const credentialJwtOf = (entry: unknown): string | undefined => envelopedJwtOf(entry, 'Credential');

const iso = (seconds: unknown): string | undefined => (typeof seconds === 'number' && Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString() : undefined);

/**
 * Reads a JOSE-secured credential: VC 1.1 as JWT (`vc` claim; `iss`, `sub`, `jti`, `nbf`, `exp` override) or VC 2.0 as
 * JWT (the payload is the credential). The payload is normalised (issuer, subject id, validFrom/validUntil) and any
 * disagreement between claims and credential body is a problem, never silently resolved.
 */
export function normaliseJwtCredential(payload: JWTPayload): { credential: JsonObject; profile: JwtCredentialProfile; problems: string[] } {
  const problems: string[] = [];
  if (isObject(payload.vc)) {
    const body: JsonObject = { ...payload.vc };
    if (body.issuer !== undefined && issuerOf(body) !== payload.iss) problems.push(`iss ${String(payload.iss)} is not the credential issuer ${String(issuerOf(body))}`);
    if (typeof payload.iss === 'string') body.issuer = isObject(body.issuer) ? { ...body.issuer, id: payload.iss } : payload.iss;
    if (typeof payload.jti === 'string') body.id ??= payload.jti;
    const subjects = subjectsOf(body);
    if (typeof payload.sub === 'string') {
      if (subjects.length === 1 && subjects[0] && subjects[0].id === undefined) body.credentialSubject = { ...subjects[0], id: payload.sub };
      else if (subjects.some((s) => s.id !== payload.sub)) problems.push(`sub ${payload.sub} is not the credential subject`);
    }
    const from = iso(payload.nbf) ?? (typeof body.issuanceDate === 'string' ? body.issuanceDate : undefined);
    const until = iso(payload.exp) ?? (typeof body.expirationDate === 'string' ? body.expirationDate : undefined);
    if (from !== undefined) body.validFrom = from;
    if (until !== undefined) body.validUntil = until;
    return { credential: body, profile: 'vc11-sl2021/jwt', problems };
  }
  const { iss, sub, aud, nbf, exp, iat, jti, cnf, ...rest } = payload;
  void aud;
  void iat;
  void cnf;
  const body: JsonObject = rest;
  if (!Array.isArray(body.type) || !body.type.includes('VerifiableCredential'))
    return { credential: body, profile: 'vc20-bssl/jwt', problems: ['the JWT carries no credential (no vc claim, no VerifiableCredential type)'] };
  if (iss !== undefined && iss !== issuerOf(body)) problems.push(`iss ${String(iss)} is not the credential issuer ${String(issuerOf(body))}`);
  if (sub !== undefined && subjectsOf(body).some((s) => s.id !== sub)) problems.push(`sub ${String(sub)} is not the credential subject`);
  if (jti !== undefined && body.id !== undefined && jti !== body.id) problems.push('jti is not the credential id');
  if (body.validFrom === undefined && iso(nbf)) body.validFrom = iso(nbf);
  if (body.validUntil === undefined && iso(exp)) body.validUntil = iso(exp);
  return { credential: body, profile: 'vc20-bssl/jwt', problems };
}

/**
 * Verifies JOSE-secured credentials against their issuer's DID document (EdDSA or ES256, key type matching `alg`).
 * A JWT whose signature verified is remembered by its hash (bounded, for `cacheMs`), as verified Data Integrity
 * proofs are: trust, dates and status are judged on every use, only the signature is not recomputed.
 */
export class JwtCredentialVerifier {
  private readonly verified: BoundedCache<string, DecodedJwtCredential>;

  constructor(private readonly options: { resolver: DidResolver; clock: Clock; cacheMs?: number; cacheSize?: number }) {
    this.verified = new BoundedCache(options.clock, options.cacheSize ?? 1000);
  }

  async decode(jwt: string): Promise<DecodedJwtCredential> {
    const hash = createHash('sha256').update(jwt).digest('base64url');
    const hit = this.verified.get(hash);
    if (hit) return hit;
    let header: ProtectedHeaderParameters;
    let payload: JWTPayload;
    try {
      header = decodeProtectedHeader(jwt);
      payload = decodeJwt(jwt);
    } catch (error) {
      return { credential: {}, profile: 'vc11-sl2021/jwt', problems: [`not a JWT: ${(error as Error).message}`] };
    }
    const { credential, profile, problems } = normaliseJwtCredential(payload);
    const issuer = issuerOf(credential) ?? (typeof payload.iss === 'string' ? payload.iss : undefined);
    if (!issuer) return { credential, profile, problems: [...problems, 'no issuer'] };
    const signing = await didSigningKey(header, issuer, this.options.resolver);
    if (!signing.ok) return { credential, profile, problems: [...problems, `issuer key: ${signing.reason}${signing.detail ? ` (${signing.detail})` : ''}`] };
    try {
      await compactVerify(jwt, signing.key.key, { algorithms: [signing.key.alg] });
    } catch {
      return { credential, profile, problems: [...problems, 'the JWT signature does not verify'] };
    }
    const result = { credential, profile, problems };
    if (problems.length === 0) this.verified.set(hash, result, this.options.clock.now() + (this.options.cacheMs ?? 300_000));
    return result;
  }

  flush(): void {
    this.verified.clear();
  }
}
