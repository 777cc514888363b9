/**
 * Ambient declarations for the untyped @digitalbazaar packages (none ships .d.ts files). Only the parts Kontor uses are declared; values the libraries
 * hand back untyped stay `unknown` so callers must narrow them.
 */

/** A JSON-LD document loader: url → {document}. */
type KontorDocumentLoader = (url: string) => Promise<{ contextUrl: string | null; documentUrl: string; document: unknown; tag?: string }>;

/** A signer as the Data Integrity suites use it. */
interface KontorDiSigner {
  id: string;
  algorithm: string;
  sign(input: { data: Uint8Array }): Promise<Uint8Array>;
}

declare module '@digitalbazaar/vc' {
  export interface VerifyResult {
    verified: boolean;
    error?: unknown;
    results?: unknown[];
    presentationResult?: { verified: boolean; error?: unknown };
    credentialResults?: Array<{ verified: boolean; error?: unknown; credentialId?: string }>;
    statusResult?: { verified: boolean };
  }
  interface CommonOptions {
    suite: unknown;
    documentLoader: KontorDocumentLoader;
    now?: Date | string;
    maxClockSkew?: number;
  }
  export function issue(options: CommonOptions & { credential: Record<string, unknown>; purpose?: unknown }): Promise<Record<string, unknown>>;
  export function verifyCredential(
    options: CommonOptions & { credential: unknown; checkStatus?: (options: unknown) => Promise<{ verified: boolean }>; purpose?: unknown },
  ): Promise<VerifyResult>;
  export function createPresentation(options: {
    verifiableCredential?: unknown | unknown[];
    id?: string;
    holder?: string;
    now?: Date | string;
    version?: number;
  }): Record<string, unknown>;
  export function signPresentation(options: CommonOptions & { presentation: Record<string, unknown>; challenge: string; domain?: string }): Promise<Record<string, unknown>>;
  export function verify(
    options: CommonOptions & {
      presentation: unknown;
      challenge: string;
      domain?: string;
      checkStatus?: (options: unknown) => Promise<{ verified: boolean }>;
    },
  ): Promise<VerifyResult>;
}

declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof {
    constructor(options: { signer?: KontorDiSigner; date?: Date | string; cryptosuite: unknown });
    verificationMethod?: string;
  }
}

/** A Data Integrity cryptosuite as DataIntegrityProof takes it. */
interface KontorCryptosuite {
  name: string;
  requiredAlgorithm: string;
  createVerifier(options: {
    verificationMethod: Record<string, unknown>;
  }): Promise<{ id?: string; algorithm: string; verify(input: { data: Uint8Array; signature: Uint8Array }): Promise<boolean> }>;
}

declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: KontorCryptosuite;
}

declare module '@digitalbazaar/eddsa-jcs-2022-cryptosuite' {
  /** For signing only (its createVerifier throws). */
  export function createSignCryptosuite(): KontorCryptosuite;
  export function createVerifyCryptosuite(): KontorCryptosuite;
}

declare module '@digitalbazaar/ed25519-multikey' {
  export interface Ed25519MultikeyPair {
    id?: string;
    controller?: string;
    publicKeyMultibase: string;
    publicKey: Uint8Array;
    secretKey?: Uint8Array;
    export(options?: { publicKey?: boolean; secretKey?: boolean; includeContext?: boolean }): Promise<Record<string, unknown>>;
    signer(): KontorDiSigner;
    verifier(): { id: string; algorithm: string; verify(input: { data: Uint8Array; signature: Uint8Array }): Promise<boolean> };
  }
  export function generate(options?: { id?: string; controller?: string; seed?: Uint8Array }): Promise<Ed25519MultikeyPair>;
  export function from(key: Record<string, unknown>): Promise<Ed25519MultikeyPair>;
  export function fromJwk(options: { jwk: Record<string, unknown>; secretKey?: boolean; id?: string; controller?: string }): Promise<Ed25519MultikeyPair>;
  /** Beware: with secretKey: true the `d` it emits is 64 bytes (seed ‖ public key). */
  export function toJwk(options: { keyPair: { publicKey: Uint8Array; secretKey?: Uint8Array }; secretKey?: boolean }): Promise<Record<string, string>>;
}

declare module '@digitalbazaar/did-method-key' {
  export interface DidKeyDriver {
    method: 'key';
    use(options: { multibaseMultikeyHeader: string; fromMultibase: (key: { publicKeyMultibase: string }) => Promise<unknown> }): void;
    /** The DID document for a DID, or the verification method for a DID URL with a fragment. */
    get(options: { did?: string; url?: string }): Promise<Record<string, unknown>>;
    fromKeyPair(options: { verificationKeyPair: unknown }): Promise<{ didDocument: Record<string, unknown> }>;
  }
  export function driver(): DidKeyDriver;
}

declare module '@digitalbazaar/bitstring' {
  export class Bitstring {
    constructor(options: { length: number } | { buffer: Uint8Array });
    readonly length: number;
    bits: Uint8Array;
    set(position: number, on: boolean): void;
    get(position: number): boolean;
    /** GZIP + base64url (no multibase prefix). */
    encodeBits(): Promise<string>;
    static decodeBits(options: { encoded: string }): Promise<Uint8Array>;
  }
}

declare module '@digitalbazaar/credentials-context' {
  export const contexts: Map<string, object>;
}
declare module '@digitalbazaar/data-integrity-context' {
  export const contexts: Map<string, object>;
}
declare module '@digitalbazaar/multikey-context' {
  export const contexts: Map<string, object>;
}
declare module '@digitalbazaar/odrl-context' {
  export const contexts: Map<string, object>;
}
declare module '@digitalbazaar/security-context' {
  export const contexts: Map<string, object>;
}
declare module 'did-context' {
  export const contexts: Map<string, object>;
}
/** The base58btc codec (Bitcoin alphabet) that @digitalbazaar/ed25519-multikey itself uses. */
declare module 'base58-universal' {
  export function encode(input: Uint8Array, maxline?: number): string;
  /** Undefined when the text holds a character outside the alphabet. */
  export function decode(input: string): Uint8Array | undefined;
}
