import { ConnectorError, type Clock, type IdGenerator } from '../../core/index.js';
import type { AuthorityStore, IssuedCredentialRecord, StatusSlot } from './authority-store.js';
import { reusableSet } from './reusable-set.js';
import { envelopedJwt, JWT_ENVELOPE } from './signing-profile.js';
import type { CredentialSigner } from './credential-signer.js';
import { credentialShape, statusListShape } from './credential-shapes.js';
import { credentialDrafts } from './credential-templates.js';
import type { Participant } from './participant.js';
import { canonicalDid, participantDid } from './participant-did.js';
import { StatusList } from '../identity/index.js';

/** Revocation lists are `revocation-1`, `revocation-2`, …: the next opens when one is full. */
export const STATUS_LIST_PREFIX = 'revocation-';
export const STATUS_LIST_SIZE = 131_072;
/** A set younger than the credential lifetime divided by this is handed out again instead of a new one. */
export const REUSE_FRACTION = 10;

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
  /** Indices of each new status list (default STATUS_LIST_SIZE; smaller in tests). */
  statusListSize?: number;
}

/** Registers participants, issues their credentials with revocation status entries, revokes, publishes status lists. */
export class AuthorityService {
  private readonly statusCache = new Map<string, { revision: number; credential: Record<string, unknown> | string }>();

  constructor(private readonly deps: AuthorityServiceDeps) {}

  /** Registers a did:web participant under its canonical DID (VALIDATION_FAILED otherwise; ALREADY_EXISTS when taken in any spelling). */
  async register(input: Omit<Participant, 'status' | 'registeredAt'>): Promise<Participant> {
    return this.deps.store.register({ ...input, did: participantDid(input.did) });
  }

  /** Revokes the participant and every credential issued to it; returns how many credentials were revoked. */
  async revoke(did: string): Promise<number> {
    return this.deps.store.revokeParticipant(canonicalDid(did));
  }

  /** Whether the DID is a registered participant that is not revoked. */
  async isActive(did: string): Promise<boolean> {
    return (await this.deps.store.findParticipant(canonicalDid(did)))?.status === 'active';
  }

  /**
   * The participant's credentials (FORBIDDEN when revoked, NOT_FOUND when unknown), in the signer's format: JSON
   * credentials with proofs, or compact JWTs (kept enveloped in the issued-credential record). A participant whose
   * latest set is still good, signed as the authority signs now, and younger than a tenth of the credential lifetime
   * gets that set again, so that repeated calls cannot use up status indices; otherwise a new set, on the open status
   * list (`revocation-1`, then `revocation-2`, … as each fills), saved whole or not at all.
   */
  async issueTo(caller: string): Promise<(Record<string, unknown> | string)[]> {
    const did = canonicalDid(caller);
    const participant = await this.deps.store.getParticipant(did);
    if (participant.status !== 'active') throw new ConnectorError('FORBIDDEN', { detail: `participant '${did}' is revoked` });
    const drafts = credentialDrafts(participant, this.deps.signer.issuerDid);
    const now = this.deps.clock.now();
    const lifetimeMs = this.deps.validitySeconds * 1000;
    const { credentials } = await this.deps.store.issue(did, {
      reuse: (latest) =>
        reusableSet(latest, { types: drafts.map((d) => d.type), now, windowMs: lifetimeMs / REUSE_FRACTION, format: this.deps.signer.format, keyId: this.deps.signer.keyId() }),
      count: drafts.length,
      listPrefix: STATUS_LIST_PREFIX,
      listSize: this.deps.statusListSize ?? STATUS_LIST_SIZE,
      build: async (slots) => {
        const records: IssuedCredentialRecord[] = [];
        for (const [i, draft] of drafts.entries()) {
          const { listId, index: statusIndex } = slots[i] as StatusSlot;
          const id = `urn:uuid:${this.deps.ids.next()}`;
          const shape = { id, type: draft.type, issuer: this.deps.signer.issuerDid, contexts: this.deps.contexts, subject: draft.subject };
          const signed = await this.deps.signer.sign(
            credentialShape(this.deps.signer.format, { ...shape, validFrom: toXsd(now), validUntil: toXsd(now + lifetimeMs), statusUrl: this.statusListUrl(listId), statusIndex }),
          );
          const credential = typeof signed === 'string' ? { type: 'EnvelopedVerifiableCredential', id: `${JWT_ENVELOPE}${signed}` } : signed;
          records.push({ id, subjectDid: did, type: draft.type, statusListId: listId, statusIndex, issuedAt: now, validUntil: now + lifetimeMs, revoked: false, credential });
        }
        return records;
      },
    });
    return credentials.map((r) => servedForm(r.credential));
  }

  /** The signed revocation list (BitstringStatusList, or StatusList2021 for `vc11-sl2021/jwt`), re-signed only when a revocation changed it. */
  async statusList(listId: string): Promise<Record<string, unknown> | string> {
    const state = await this.deps.store.statusListState(listId);
    const cached = this.statusCache.get(listId);
    if (cached && cached.revision === state.revision) return cached.credential;
    const list = StatusList.create(Math.max(state.size, STATUS_LIST_SIZE)); // never shorter than the spec's minimum
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

/** As the participant receives it: a JSON credential, or the compact JWT of an enveloped one. */
function servedForm(credential: Record<string, unknown>): Record<string, unknown> | string {
  return envelopedJwt(credential) ?? credential;
}
