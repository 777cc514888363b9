import type { Clock } from '../../../../core/index.js';
import { BoundedCache } from '../../bounded-cache.js';
import { isObject, issuerOf, statusEntriesOf, subjectsOf, typesOf, type JsonObject } from '../credential-fields.js';
import { StatusList } from './status-list.js';

/**
 * Fetches a status list credential by URL (over HTTP, from a store, …). Returns the credential as
 * served; it is verified here. Throws when it cannot be had.
 */
export interface StatusListProvider {
  fetchStatusList(url: string): Promise<unknown>;
}

export interface StatusCheckerOptions {
  provider: StatusListProvider;
  /** Checks a credential's proof only; returns its problems (`checkCredentialProof`). */
  checkProof: (credential: JsonObject) => Promise<string[]>;
  /**
   * Reads a status list credential served as a JWT (EDC and the DCP TCK serve StatusList2021 lists that way): its
   * normalised body and signature problems (`JwtCredentialVerifier.decode`). Without it, JWT lists are refused.
   */
  decodeJwt?: (jwt: string) => Promise<{ credential: JsonObject; problems: string[] }>;
  /** Checks validity dates; returns the problem or undefined (`checkValidityPeriod`). */
  checkPeriod: (credential: JsonObject) => string | undefined;
  clock: Clock;
  /** How long a verified list is reused (the status refresh interval; default 5 min). */
  refreshMs?: number;
  cacheSize?: number;
}

/** Each status entry type read, and the type its list credential must have. */
const LIST_TYPE_OF_ENTRY: Record<string, string> = {
  BitstringStatusListEntry: 'BitstringStatusListCredential',
  StatusList2021Entry: 'StatusList2021Credential',
};

/** A verified list copy, reused until `expiresAt` (epoch ms). */
interface VerifiedList {
  issuer: string;
  purpose: string;
  list: StatusList;
  expiresAt: number;
}

/** One problem with a credential's status entry; see `StatusChecker.findings`. */
export interface StatusFinding {
  kind: 'set' | 'unusable' | 'invalid';
  message: string;
}

/**
 * Checks `BitstringStatusListEntry` and `StatusList2021Entry` statuses. A list (Data Integrity JSON or a JWT) is
 * accepted only when it verifies, is within its validity period, comes from the same issuer as the credential, is of
 * the entry's kind and has the entry's purpose. Any set bit (revocation or suspension) fails the credential.
 * Unknown entry types fail closed.
 */
export class StatusChecker {
  private readonly lists: BoundedCache<string, VerifiedList>;

  constructor(private readonly options: StatusCheckerOptions) {
    this.lists = new BoundedCache(options.clock, options.cacheSize ?? 100);
  }

  /** Problems with the credential's status; empty when it has none or none is set. */
  async check(credential: JsonObject): Promise<string[]> {
    return (await this.findings(credential)).map((f) => f.message);
  }

  /**
   * The same, by kind: `set` (revoked or suspended: a definite answer), `unusable` (the list could not be had or
   * checked now) or `invalid` (the entry itself is wrong). Callers that must not mistake an outage for a revocation
   * (the policy monitor) read the kind.
   */
  async findings(credential: JsonObject): Promise<StatusFinding[]> {
    const found: StatusFinding[] = [];
    for (const entry of statusEntriesOf(credential)) {
      const finding = await this.checkEntry(credential, entry);
      if (finding) found.push(finding);
    }
    return found;
  }

  /**
   * Until when the answer of the last `check` of this credential holds: the earliest expiry of the list copies its
   * status entries were checked against (now, when a copy is no longer held), or undefined when it has no status
   * entry. A cache of anything checked against these copies must not outlive them, or a revocation takes longer than
   * the refresh interval to bite.
   */
  checkedUntil(credential: JsonObject): number | undefined {
    let until: number | undefined;
    for (const entry of statusEntriesOf(credential)) {
      const listType = isObject(entry) && typeof entry.type === 'string' ? LIST_TYPE_OF_ENTRY[entry.type] : undefined;
      const url = isObject(entry) ? entry.statusListCredential : undefined;
      const held = listType && typeof url === 'string' ? this.lists.get(`${listType} ${url}`) : undefined;
      const expiresAt = held?.expiresAt ?? this.options.clock.now();
      until = Math.min(until ?? expiresAt, expiresAt);
    }
    return until;
  }

  /** Forget verified lists, so the next check fetches them again. */
  flush(): void {
    this.lists.clear();
  }

  private async checkEntry(credential: JsonObject, entry: unknown): Promise<StatusFinding | undefined> {
    const invalid = (message: string): StatusFinding => ({ kind: 'invalid', message });
    const listType = isObject(entry) && typeof entry.type === 'string' ? LIST_TYPE_OF_ENTRY[entry.type] : undefined;
    if (!isObject(entry) || !listType) return invalid(`unsupported status entry type ${String(isObject(entry) ? entry.type : entry)}`);
    const { statusListCredential: url, statusListIndex, statusPurpose } = entry;
    const index = typeof statusListIndex === 'string' && /^\d+$/.test(statusListIndex) ? Number(statusListIndex) : Number.NaN;
    if (typeof url !== 'string' || typeof statusPurpose !== 'string' || !Number.isSafeInteger(index)) return invalid('malformed status entry');
    let cached: VerifiedList;
    try {
      cached = await this.list(url, listType);
    } catch (error) {
      return { kind: 'unusable', message: `status list ${url} unusable: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (cached.issuer !== issuerOf(credential)) return invalid(`status list ${url} is from another issuer`);
    if (cached.purpose !== statusPurpose) return invalid(`status list ${url} is for ${cached.purpose}, not ${statusPurpose}`);
    if (index >= cached.list.length) return invalid(`status index ${index} is outside list ${url}`);
    return cached.list.get(index) ? { kind: 'set', message: `${statusPurpose} bit ${index} is set in ${url}` } : undefined;
  }

  private async list(url: string, listType: string): Promise<VerifiedList> {
    const hit = this.lists.get(`${listType} ${url}`);
    if (hit) return hit;
    const { served, problems } = await this.read(await this.options.provider.fetchStatusList(url));
    if (!typesOf(served).includes(listType)) throw new Error(`not a ${listType}`);
    if (served.id !== undefined && served.id !== url) throw new Error(`served credential has id ${String(served.id)}`);
    if (problems.length > 0) throw new Error(problems.join('; '));
    const period = this.options.checkPeriod(served);
    if (period) throw new Error(period);
    const subject = subjectsOf(served)[0];
    const issuer = issuerOf(served);
    if (!subject || typeof subject.encodedList !== 'string' || typeof subject.statusPurpose !== 'string' || !issuer) throw new Error('malformed status list');
    const list = listType === 'StatusList2021Credential' ? StatusList.decodeStatusList2021(subject.encodedList) : await StatusList.decode(subject.encodedList);
    const value = { issuer, purpose: subject.statusPurpose, list, expiresAt: this.options.clock.now() + (this.options.refreshMs ?? 300_000) };
    this.lists.set(`${listType} ${url}`, value, value.expiresAt);
    return value;
  }

  /** A served list: a JSON credential (Data Integrity proof checked) or a JWT (signature checked by `decodeJwt`). */
  private async read(served: unknown): Promise<{ served: JsonObject; problems: string[] }> {
    const jwt = typeof served === 'string' ? served.trim() : undefined;
    if (jwt !== undefined) {
      if (!this.options.decodeJwt) throw new Error('status lists as JWT are not read here');
      const decoded = await this.options.decodeJwt(jwt);
      return { served: decoded.credential, problems: decoded.problems };
    }
    if (!isObject(served)) throw new Error('not a status list credential');
    return { served, problems: await this.options.checkProof(served) };
  }
}
