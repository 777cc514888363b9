import { ConnectorError, type ErrorCode } from '../../../core/index.js';
import { applyFedAvg } from './fedavg.js';
import { updateKey, type ModelUpdate } from './model-update.js';

export type RejectionReason = 'stale-round' | 'wrong-global-model' | 'unknown-site' | 'duplicate' | 'unsigned' | 'bad-signature' | 'malformed' | 'closed';

export type UpdateVerdict = { accepted: true; key: string } | { accepted: false; reason: RejectionReason; detail: string };

/** Checks an update's signature (e.g. a JWS over `updateDigest(update)` by the site's key). */
export type UpdateSignatureCheck = (update: ModelUpdate) => boolean | Promise<boolean>;

export interface RoundCollectorOptions {
  round: number;
  globalModelHash: string;
  parameterCount: number;
  /** The (agreement, site) pairs that may contribute to this round; drop a revoked member with `exclude`. */
  participants: readonly { agreementId: string; siteId: string }[];
  verifySignature: UpdateSignatureCheck;
}

/**
 * The coordinator's ingress for one round (PEP-3 in the design): accepts at most one update per
 * (agreementId, siteId, round, globalModelHash) and rejects stale rounds, another global model, unknown
 * or excluded sites, missing or bad signatures and malformed vectors. Nothing here does I/O.
 */
export class RoundCollector {
  readonly #accepted = new Map<string, ModelUpdate>();
  readonly #pending = new Set<string>();
  readonly #allowed: Set<string>;
  #closed = false;

  constructor(private readonly options: RoundCollectorOptions) {
    this.#allowed = new Set(options.participants.map((p) => participant(p.agreementId, p.siteId)));
  }

  async submit(update: ModelUpdate): Promise<UpdateVerdict> {
    const reject = (reason: RejectionReason, detail: string): UpdateVerdict => ({ accepted: false, reason, detail });
    if (this.#closed) return reject('closed', `round ${this.options.round} is closed`);
    if (update.round !== this.options.round) return reject('stale-round', `update for round ${update.round}, the round is ${this.options.round}`);
    if (update.globalModelHash !== this.options.globalModelHash) return reject('wrong-global-model', `update trained from ${update.globalModelHash}`);
    if (!this.#allowed.has(participant(update.agreementId, update.siteId))) return reject('unknown-site', `${update.siteId} under ${update.agreementId} is not in this round`);
    const malformed = checkShape(update, this.options.parameterCount);
    if (malformed) return reject('malformed', malformed);
    if (!update.signature) return reject('unsigned', 'the update carries no signature');
    const key = updateKey(update);
    if (this.#accepted.has(key) || this.#pending.has(key)) return reject('duplicate', `an update from ${update.siteId} for round ${update.round} was already received`);
    this.#pending.add(key); // reserved before the await, so two concurrent copies cannot both pass
    try {
      if (!(await this.options.verifySignature(update))) return reject('bad-signature', 'the signature does not verify');
      if (this.#closed) return reject('closed', `round ${this.options.round} closed meanwhile`);
      this.#accepted.set(key, update);
      return { accepted: true, key };
    } finally {
      this.#pending.delete(key);
    }
  }

  /** Removes a participant (revoked mid-round) and drops any update it already sent. */
  exclude(agreementId: string, siteId: string): void {
    this.#allowed.delete(participant(agreementId, siteId));
    for (const [key, u] of this.#accepted) if (u.agreementId === agreementId && u.siteId === siteId) this.#accepted.delete(key);
  }

  get reported(): number {
    return this.#accepted.size;
  }

  accepted(): ModelUpdate[] {
    return [...this.#accepted.values()];
  }

  /** Closes the round: later submissions are rejected; returns FedAvg of the accepted deltas over `global`. */
  close(global: Float64Array): Float64Array {
    this.#closed = true;
    return applyFedAvg(global, this.accepted().map((u) => ({ values: u.delta, sampleCount: u.sampleCount })));
  }
}

/** The ConnectorError for a rejected update, for callers that answer over HTTP. */
export function rejectionError(verdict: Extract<UpdateVerdict, { accepted: false }>): ConnectorError {
  const codes: Record<RejectionReason, ErrorCode> = {
    'stale-round': 'VERSION_CONFLICT', 'wrong-global-model': 'VERSION_CONFLICT', closed: 'VERSION_CONFLICT', duplicate: 'ALREADY_EXISTS',
    unsigned: 'UNAUTHORIZED', 'bad-signature': 'UNAUTHORIZED', 'unknown-site': 'FORBIDDEN', malformed: 'VALIDATION_FAILED',
  };
  return new ConnectorError(codes[verdict.reason], { detail: `update rejected (${verdict.reason}): ${verdict.detail}` });
}

const participant = (agreementId: string, siteId: string) => JSON.stringify([agreementId, siteId]);

function checkShape(update: ModelUpdate, count: number): string | undefined {
  if (!(update.delta instanceof Float64Array) || update.delta.length !== count) return `expected ${count} parameters`;
  if (!update.delta.every(Number.isFinite)) return 'the update holds a non-finite value';
  if (!Number.isSafeInteger(update.sampleCount) || update.sampleCount < 1) return 'sampleCount must be a positive integer';
  return undefined;
}
