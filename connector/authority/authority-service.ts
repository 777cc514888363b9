import { ConnectorError, type Clock, type IdGenerator } from '../../core/index.js';
import type { AuthorityStore } from './authority-store.js';
import type { CredentialSigner } from './credential-signer.js';
import { credentialShape, statusListShape } from './credential-shapes.js';
import { credentialDrafts } from './credential-templates.js';
import type { Participant } from './participant.js';
import { StatusList } from '../identity/index.js';

export const STATUS_LIST_ID = 'revocation-1';
export const STATUS_LIST_SIZE = 131_072;

export interface AuthorityServiceDeps {
  store: AuthorityStore;
  signer: CredentialSigner;
  clock: Clock;
  ids: IdGenerator;
  /** Base URL of the authority's public listener (status lists are published there). */
  publicUrl: string;
  /** JSON-LD contexts every issued credential carries after the VC 2.0 context. */
  contexts: readonly string[];
  validitySeconds: number;
}

/** Registers participants, issues their credentials with revocation status entries, revokes, publishes status lists. */
export class AuthorityService {
  private readonly statusCache = new Map<string, { revision: number; credential: Record<string, unknown> | string }>();

  constructor(private readonly deps: AuthorityServiceDeps) {}

  async register(input: Omit<Participant, 'status' | 'registeredAt'>): Promise<Participant> {
    return this.deps.store.register(input);
  }

  /** Revokes the participant and every credential issued to it; returns how many credentials were revoked. */
  async revoke(did: string): Promise<number> {
    return this.deps.store.revokeParticipant(did);
  }

  /** Whether the DID is a registered participant that is not revoked. */
  async isActive(did: string): Promise<boolean> {
    return (await this.deps.store.findParticipant(did))?.status === 'active';
  }

  /**
   * Issues a fresh set of credentials to an active participant (FORBIDDEN when revoked, NOT_FOUND when unknown), in
   * the signer's format: JSON credentials with proofs, or compact JWTs (kept enveloped in the issued-credential record).
   */
  async issueTo(did: string): Promise<(Record<string, unknown> | string)[]> {
    const participant = await this.deps.store.getParticipant(did);
    if (participant.status !== 'active') throw new ConnectorError('FORBIDDEN', { detail: `participant '${did}' is revoked` });
    await this.deps.store.ensureStatusList(STATUS_LIST_ID, STATUS_LIST_SIZE);
    const now = this.deps.clock.now();
    const validUntil = now + this.deps.validitySeconds * 1000;
    const issued: (Record<string, unknown> | string)[] = [];
    for (const draft of credentialDrafts(participant, this.deps.signer.issuerDid)) {
      const id = `urn:uuid:${this.deps.ids.next()}`;
      const statusIndex = await this.deps.store.allocateStatusIndex(STATUS_LIST_ID);
      const statusUrl = this.statusListUrl(STATUS_LIST_ID);
      const credential = await this.deps.signer.sign(
        credentialShape(this.deps.signer.format, {
          id,
          type: draft.type,
          issuer: this.deps.signer.issuerDid,
          contexts: this.deps.contexts,
          validFrom: toXsd(now),
          validUntil: toXsd(validUntil),
          subject: draft.subject,
          statusUrl,
          statusIndex,
        }),
      );
      const record = typeof credential === 'string' ? { type: 'EnvelopedVerifiableCredential', id: `data:application/vc+jwt,${credential}` } : credential;
      await this.deps.store.saveIssued({
        id,
        subjectDid: did,
        type: draft.type,
        statusListId: STATUS_LIST_ID,
        statusIndex,
        issuedAt: now,
        validUntil,
        revoked: false,
        credential: record,
      });
      issued.push(credential);
    }
    return issued;
  }

  /** The signed revocation list (BitstringStatusList, or StatusList2021 for `vc11-sl2021/jwt`), re-signed only when a revocation changed it. */
  async statusList(listId: string): Promise<Record<string, unknown> | string> {
    const state = await this.deps.store.statusListState(listId);
    const cached = this.statusCache.get(listId);
    if (cached && cached.revision === state.revision) return cached.credential;
    const list = StatusList.create(state.size);
    for (const index of state.revokedIndices) list.set(index, true);
    const unsigned = await statusListShape(this.deps.signer.format, {
      id: this.statusListUrl(listId),
      issuer: this.deps.signer.issuerDid,
      list,
      validFrom: toXsd(this.deps.clock.now()),
    });
    const credential = await this.deps.signer.sign(unsigned);
    this.statusCache.set(listId, { revision: state.revision, credential });
    return credential;
  }

  statusListUrl(listId: string): string {
    return `${this.deps.publicUrl}/status/${listId}`;
  }
}

/** xsd:dateTime without milliseconds, as VC examples write it. */
function toXsd(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
