import { ConnectorError, type Clock, type Logger } from '../../../core/index.js';
import { dspRequest, joinUrl } from '../../peer/dsp-http-client.js';
import { didWebFromUrl } from '../did/did-web-url.js';
import { dateOf, isObject, issuerOf, specificTypes, type JsonObject } from '../vc/credential-fields.js';
import type { CredentialVerification } from '../vc/verification-result.js';
import type { HeldCredential, HeldCredentialStore } from './held-credentials.js';
import type { IdentityRuntime } from './identity-runtime.js';

export const ISSUANCE_PATH = 'api/issuance/credentials';

/**
 * Asks the authority for this participant's credentials, proving control of its DID with a self-issued token,
 * verifies every credential it gets (signature, trusted issuer, validity, status, holder = us), and keeps
 * them. `start` repeats the request before the earliest credential expires.
 */
export class CredentialRequester {
  private timer: NodeJS.Timeout | undefined;
  readonly authorityDid: string;

  constructor(private readonly deps: { runtime: IdentityRuntime; wallet: HeldCredentialStore; authorityUrl: string; clock: Clock; logger: Logger }) {
    this.authorityDid = didWebFromUrl(deps.authorityUrl);
  }

  async request(): Promise<HeldCredential[]> {
    const token = await this.deps.runtime.selfIssuedToken(this.authorityDid);
    const { body } = await dspRequest('operator', 'POST', joinUrl(this.deps.authorityUrl, ISSUANCE_PATH), `Bearer ${token}`, { holder: this.deps.runtime.did });
    const credentials = (body as { credentials?: unknown } | undefined)?.credentials;
    if (!Array.isArray(credentials) || credentials.length === 0) throw new ConnectorError('PEER_REJECTED', { detail: 'the authority issued no credentials' });
    const held: HeldCredential[] = [];
    for (const issued of credentials as unknown[]) {
      const { credential, stored, result } = await this.verifyIssued(issued);
      if (!result.verified) throw new ConnectorError('PEER_REJECTED', { detail: `an issued credential does not verify: ${result.errors.join('; ')}` });
      held.push({
        id: String(credential.id),
        issuer: issuerOf(credential) ?? '',
        types: specificTypes(credential),
        validUntil: dateOf(credential, 'validUntil') ?? Number.MAX_SAFE_INTEGER,
        receivedAt: this.deps.clock.now(),
        credential: stored,
      });
    }
    await this.deps.wallet.replaceAll(held);
    this.deps.logger.info({ types: held.flatMap((h) => h.types), authority: this.authorityDid }, 'credentials received');
    return held;
  }

  /** A Data Integrity credential is kept as issued; a JWT (compact string) is kept enveloped (`data:application/vc+jwt,…`). */
  private async verifyIssued(issued: unknown): Promise<{ credential: JsonObject; stored: JsonObject; result: CredentialVerification }> {
    const runtime = this.deps.runtime;
    if (typeof issued !== 'string') {
      const credential = isObject(issued) ? issued : {};
      return { credential, stored: credential, result: await runtime.credentialVerifier.verifyCredential(issued, { holder: runtime.did }) };
    }
    const decoded = await runtime.jwtCredentials.decode(issued);
    const result = await runtime.credentialVerifier.assessCredential(decoded.credential, decoded.problems, runtime.did);
    return { credential: decoded.credential, stored: { type: 'EnvelopedVerifiableCredential', id: `data:application/vc+jwt,${issued}` }, result };
  }

  /** Requests now, then again when 80 % of the shortest validity has passed (retrying after a minute on failure). */
  async start(): Promise<void> {
    let delay: number;
    try {
      const held = await this.request();
      const now = this.deps.clock.now();
      const earliest = Math.min(...held.map((h) => h.validUntil));
      delay = Math.max(5_000, Math.min(0x7fffffff, Math.floor((earliest - now) * 0.8)));
    } catch (error) {
      this.deps.logger.warn({ detail: (error as Error).message }, 'requesting credentials from the authority failed; retrying in a minute');
      delay = 60_000;
    }
    this.timer = setTimeout(() => void this.start(), delay);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}
