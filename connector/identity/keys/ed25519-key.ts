import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { inspect } from 'node:util';
import { publicKeyToMultibase } from './multikey.js';

/** A signer as the Data Integrity suites (eddsa-rdfc-2022) accept it. */
export interface DataIntegritySigner {
  id: string;
  algorithm: 'Ed25519';
  sign(input: { data: Uint8Array }): Promise<Uint8Array>;
}

/** What a key file stores per key. `d` is the 32-byte seed (never the 64-byte form, pitfall 9). */
export interface StoredKey {
  kid: string;
  createdAt: string;
  privateKeyJwk: { kty: 'OKP'; crv: 'Ed25519'; x: string; d: string };
}

/**
 * One Ed25519 key pair. The private key lives only in a cached node:crypto KeyObject (fast signing,
 * pitfall 10) behind a private field: `toJSON`, `inspect` and string conversion show public parts only.
 */
export class Ed25519Key {
  readonly #privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly publicKeyMultibase: string;
  readonly publicJwk: { kty: 'OKP'; crv: 'Ed25519'; x: string };

  private constructor(
    readonly kid: string,
    readonly createdAt: string,
    privateKey: KeyObject,
  ) {
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new TypeError('not an Ed25519 private key');
    this.#privateKey = privateKey;
    this.publicKey = createPublicKey(privateKey);
    const jwk = this.publicKey.export({ format: 'jwk' });
    this.publicJwk = { kty: 'OKP', crv: 'Ed25519', x: String(jwk.x) };
    this.publicKeyMultibase = publicKeyToMultibase(Buffer.from(this.publicJwk.x, 'base64url'));
  }

  static generate(kid: string, createdAt: string): Ed25519Key {
    return new Ed25519Key(kid, createdAt, generateKeyPairSync('ed25519').privateKey);
  }

  static fromStored(stored: StoredKey): Ed25519Key {
    const key = createPrivateKey({ key: stored.privateKeyJwk, format: 'jwk' });
    const restored = new Ed25519Key(stored.kid, stored.createdAt, key);
    if (restored.publicJwk.x !== stored.privateKeyJwk.x) throw new TypeError(`key ${stored.kid}: public part does not match the private key`);
    return restored;
  }

  /** The form a key file holds. Secret material: write it only to the 0600 key file. */
  toStored(): StoredKey {
    const jwk = this.#privateKey.export({ format: 'jwk' });
    return { kid: this.kid, createdAt: this.createdAt, privateKeyJwk: { kty: 'OKP', crv: 'Ed25519', x: String(jwk.x), d: String(jwk.d) } };
  }

  /** Raw Ed25519 signature over the bytes. */
  sign(data: Uint8Array): Uint8Array {
    return sign(null, data, this.#privateKey);
  }

  /** The private KeyObject, for jose (`SignJWT.sign`). Do not serialise it. */
  signingKey(): KeyObject {
    return this.#privateKey;
  }

  /** A signer for eddsa-rdfc-2022 proofs made with this key under the given verification method id. */
  signer(verificationMethodId: string): DataIntegritySigner {
    const key = this.#privateKey;
    return { id: verificationMethodId, algorithm: 'Ed25519', sign: async ({ data }) => sign(null, data, key) };
  }

  toJSON(): { kid: string; createdAt: string; publicKeyMultibase: string } {
    return { kid: this.kid, createdAt: this.createdAt, publicKeyMultibase: this.publicKeyMultibase };
  }

  toString(): string {
    return `Ed25519Key(${this.kid})`;
  }

  [inspect.custom](): string {
    return `Ed25519Key ${JSON.stringify(this.toJSON())}`;
  }
}
