import type { Clock } from '../../core/index.js';
import { chainEntry, GENESIS_HASH, type AuditEntry, type AuditHead, type AuditInput } from './audit-entry.js';
import type { AuditCheckpoint, CheckpointSignatureCheck, CheckpointSigner, SignedAuditCheckpoint } from './audit-checkpoint.js';
import type { AuditFilter, AuditStore } from './audit-store.js';
import { ChainVerifier, outsideChain } from './verify-chain.js';

const PAGE = 500;

/**
 * The chain walk under way for each store. One walks at a time per process: a verification asked for while one runs
 * gets that one's result instead of starting a second walk beside it.
 */
const walking = new WeakMap<AuditStore, Promise<ChainVerifier['result']>>();

/** Lets timers and I/O run between two pages of a long walk (reads and hashing are synchronous on SQLite). */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The connector's audit log: append, query, verify, and signed checkpoints of its head. */
export class AuditLog {
  private catchUp: (() => Promise<unknown>) | undefined;

  /** `onAppended` hears every entry once it is stored (metrics); it must not throw. */
  constructor(
    readonly store: AuditStore,
    private readonly clock: Clock,
    private readonly onAppended?: (entry: AuditEntry) => void,
  ) {}

  /**
   * Records one event (permit or deny alike) as the next link of the chain. Its time is read once the head is
   * known and is never earlier than the head's (another replica's clock, or this one stepped back), so times are
   * monotonic with the sequence.
   */
  async append(input: AuditInput): Promise<AuditEntry> {
    const entry = await this.store.append(this.link(input), input.subject);
    this.onAppended?.(entry);
    return entry;
  }

  /**
   * Records several events as consecutive links of the chain, in the order given, in one atomic step (one transaction
   * instead of one per entry): all are stored or none. Times are monotonic as with `append`.
   */
  async appendAll(inputs: readonly AuditInput[]): Promise<AuditEntry[]> {
    const entries = await this.store.appendAll(inputs.map((input) => ({ build: this.link(input), subject: input.subject })));
    for (const entry of entries) this.onAppended?.(entry);
    return entries;
  }

  /** How `append` builds the next link; for a caller appending inside its own transaction (the outbox relay). */
  link(input: AuditInput): (head: AuditHead | undefined) => AuditEntry {
    return (head) => chainEntry(head, input, notBefore(head?.at, this.clock.isoNow()));
  }

  /** Tells the listener of an entry such a caller appended, once its transaction has committed. */
  noteAppended(entry: AuditEntry): void {
    this.onAppended?.(entry);
  }

  /**
   * Entries that are committed but not yet in the log (an outbox its relay appends shortly after) are appended before
   * every read, so a reader sees each decision made before it asked. A failing catch-up leaves the read as it is.
   */
  readsAfter(catchUp: () => Promise<unknown>): void {
    this.catchUp = catchUp;
  }

  private async caughtUp(): Promise<void> {
    await this.catchUp?.().catch(() => undefined);
  }

  /** Every entry matching `filter`, in seq order: the store's indexed read, page by page. */
  async select(filter: AuditFilter): Promise<AuditEntry[]> {
    await this.caughtUp();
    const found: AuditEntry[] = [];
    for (let afterSeq = 0; ; ) {
      const page = await this.store.select(filter, { afterSeq, limit: PAGE });
      found.push(...page);
      if (page.length < PAGE) return found;
      afterSeq = page.at(-1)?.seq ?? afterSeq;
    }
  }

  /** Entries in seq order, optionally of one agreement; paged. */
  async query(query: { agreementId?: string | undefined; offset?: number; limit?: number }): Promise<{ items: AuditEntry[]; total: number }> {
    await this.caughtUp();
    return this.store.list({ agreementId: query.agreementId, offset: query.offset ?? 0, limit: Math.min(query.limit ?? 50, 1000) });
  }

  /**
   * Walks the whole chain page by page, yielding to the event loop between pages; the first problem names its seq. A
   * chain that holds is then checked to be the whole log: rows beside it (a seq that is not a whole number ≥ 1) fail it
   * too. While a walk of this store runs (from any AuditLog of it), a second call shares its result.
   */
  verify(): Promise<ChainVerifier['result']> {
    const running = walking.get(this.store);
    if (running) return running;
    const walk = this.walk().finally(() => walking.delete(this.store));
    walking.set(this.store, walk);
    return walk;
  }

  private async walk(): Promise<ChainVerifier['result']> {
    await this.caughtUp();
    const verifier = new ChainVerifier();
    for (let from = 1; ; ) {
      const page = await this.store.range(from, PAGE);
      if (!verifier.feed(page) || page.length < PAGE) break;
      from = (page.at(-1)?.seq ?? from) + 1;
      await nextTurn();
    }
    const result = verifier.result;
    const outside = result.ok ? outsideChain(await this.store.outsideChain(10)) : undefined;
    return outside ? { ...result, ok: false, problem: outside } : result;
  }

  /** The signed head. Give it to the counterparty (it keeps it); record it here too, if you like, as 'audit.checkpoint'. */
  async checkpoint(sign: CheckpointSigner): Promise<SignedAuditCheckpoint> {
    await this.caughtUp();
    const head = await this.store.head();
    const checkpoint: AuditCheckpoint = { seq: head?.seq ?? 0, hash: head?.hash ?? GENESIS_HASH, at: this.clock.isoNow() };
    return { checkpoint, signature: await sign(checkpoint) };
  }

  /**
   * Records `input`, then signs a checkpoint of the entry just appended (the head it made): `append` and `checkpoint`
   * without a second read of the head. Entries committed but not yet in the log are appended first, as for `checkpoint`.
   */
  async appendAndCheckpoint(input: AuditInput, sign: CheckpointSigner): Promise<SignedAuditCheckpoint> {
    await this.caughtUp();
    const entry = await this.append(input);
    const checkpoint: AuditCheckpoint = { seq: entry.seq, hash: entry.hash, at: this.clock.isoNow() };
    return { checkpoint, signature: await sign(checkpoint) };
  }

  /**
   * Whether a checkpoint (ours, held by the counterparty, or theirs for their log) still matches: the
   * signature holds and the entry at its seq still has its hash. A log cut back below the checkpoint,
   * or rewritten up to it (even with recomputed hashes), fails here.
   */
  async verifyCheckpoint(signed: SignedAuditCheckpoint, checkSignature: CheckpointSignatureCheck): Promise<{ ok: boolean; problem?: string }> {
    if (!(await checkSignature(signed))) return { ok: false, problem: 'the checkpoint signature does not verify' };
    const { seq, hash } = signed.checkpoint;
    if (seq === 0) return hash === GENESIS_HASH ? { ok: true } : { ok: false, problem: 'an empty-log checkpoint must carry the genesis hash' };
    const entry = await this.store.get(seq);
    if (!entry) return { ok: false, problem: `entry ${seq} of the checkpoint is missing (the log was truncated)` };
    if (entry.hash !== hash) return { ok: false, problem: `entry ${seq} no longer has the checkpointed hash (the log was rewritten)` };
    return { ok: true };
  }
}

/** `now`, or the head's time when that is later. */
function notBefore(headAt: string | undefined, now: string): string {
  return headAt !== undefined && Date.parse(headAt) > Date.parse(now) ? headAt : now;
}
