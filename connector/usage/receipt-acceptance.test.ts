import { beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/index.js';
import { AuditLog, MemoryAuditStore } from '../audit/index.js';
import { DidResolverRegistry, Ed25519Key, createDidKeyResolver, createDocumentLoader, didKeyIdentity, issueCredential, type IdentityRuntime } from '../identity/index.js';
import { buildDeletionReceipt, type DeletionReceiptInput } from './deletion-receipt.js';
import type { ReceiptSession } from './model-artifacts.js';
import { MemoryReceiptLedger } from './memory-receipt-ledger.js';
import { receiptAcceptance } from './receipt-acceptance.js';
import type { ReceiptLedger } from './receipt-ledger.js';
import { DELETION_METHOD_RELEASED_UNSTORED, unstoredRoundUpdates } from './unstored-round-updates.js';

const clock = new FixedClock(Date.parse('2026-06-01T00:00:00Z'));
const documentLoader = createDocumentLoader(new DidResolverRegistry([createDidKeyResolver()], { clock }));
const coordinator = didKeyIdentity(Ed25519Key.generate('k', clock.isoNow()));
const runtime = { documentLoader } as unknown as IdentityRuntime;
const session = (transferId: string): ReceiptSession => ({ transferId, agreementId: 'agr', coordinatorDid: coordinator.did, roundsDone: 2, createdAt: 0 });
const ARTIFACT = { artifactClass: 'model-artifacts', artifactName: 'model-1', ciphertextSha256: 'sha256:aa' };
let n = 0;
const signed = async (over: Partial<DeletionReceiptInput> = {}, edit: (body: Record<string, unknown>) => void = () => undefined) => {
  n += 1;
  const body = buildDeletionReceipt({
    id: `urn:uuid:r-${n}`,
    issuer: coordinator.did,
    agreementId: 'agr',
    artifacts: [ARTIFACT],
    deletedAt: clock.isoNow(),
    trainingId: 'urn:uuid:training-a',
    transferId: 'tp-a',
    ...over,
  });
  edit(body);
  return issueCredential(body, { issuer: coordinator, documentLoader, clock });
};

describe('a site accepting a deletion receipt', () => {
  let audit: AuditLog;
  let accept: ReturnType<typeof receiptAcceptance>;
  const kept = async () => (await audit.query({ agreementId: 'agr' })).items.filter((e) => e.type === 'deletion').length;
  beforeEach(() => {
    audit = new AuditLog(new MemoryAuditStore(), clock);
    accept = receiptAcceptance({ runtime, receipts: new MemoryReceiptLedger(audit), clock });
  });

  it('should keep a receipt for this transfer once; the very same receipt again changes nothing', async () => {
    const receipt = await signed();
    await accept(session('tp-a'), receipt);
    await accept(session('tp-a'), structuredClone(receipt)); // a delivery retried after its answer was lost
    expect(await kept()).toBe(1);
  });

  it('should keep the same receipt delivered twice at once once', async () => {
    const receipt = await signed();
    await Promise.all([accept(session('tp-a'), receipt), accept(session('tp-a'), structuredClone(receipt))]);
    expect(await kept()).toBe(1);
  });

  it('should take the store\'s "kept before" as the idempotent success for the very same receipt (another replica kept it at the same moment)', async () => {
    const receipt = await signed();
    // Two replicas: each its own acceptance (no shared memory), one store. The other replica's row went in first.
    const store = new MemoryReceiptLedger(audit);
    const [one, two] = [receiptAcceptance({ runtime, receipts: store, clock }), receiptAcceptance({ runtime, receipts: store, clock })];
    await Promise.all([one(session('tp-a'), receipt), two(session('tp-a'), structuredClone(receipt))]);
    // The store says a receipt with this id but another proof was kept: another credential reusing the id.
    const keptBefore: ReceiptLedger = { keep: async (identity) => ({ kept: false, earlier: { ...identity, proofValue: 'z-other' } }) };
    await expect(receiptAcceptance({ runtime, receipts: keptBefore, clock })(session('tp-a'), receipt)).rejects.toThrow(/was received before/);
    expect(await kept()).toBe(1);
  });

  it('should refuse a receipt without a credential id (nothing would tell a repeat from another receipt)', async () => {
    const noId = await signed({}, (body) => {
      delete body.id;
    });
    await expect(accept(session('tp-a'), noId)).rejects.toMatchObject({ code: 'FORBIDDEN', detail: expect.stringContaining('no credential id') });
    expect(await kept()).toBe(0);
  });

  it("should refuse another training's receipt replayed for this transfer (attack: B's watch satisfied by A's receipt)", async () => {
    const receiptA = await signed();
    await accept(session('tp-a'), receiptA);
    await expect(accept(session('tp-b'), receiptA)).rejects.toThrow(/covers another training transfer \(tp-a\), not tp-b/);
    await expect(accept(session('tp-b'), await signed({ transferId: undefined, trainingId: undefined }))).rejects.toThrow(/none named/);
    expect(await kept()).toBe(1);
  });

  it('should refuse a credential id received before with other content', async () => {
    await accept(session('tp-a'), await signed({ id: 'urn:uuid:same' }));
    await expect(accept(session('tp-a'), await signed({ id: 'urn:uuid:same', artifacts: [{ ...ARTIFACT, artifactName: 'model-2' }] }))).rejects.toThrow(/received before/);
    expect(await kept()).toBe(1);
  });

  it('should refuse a receipt listing no deleted artifacts', async () => {
    await expect(accept(session('tp-a'), await signed({ artifacts: [] }))).rejects.toMatchObject({ code: 'FORBIDDEN', detail: 'the receipt lists no deleted artifacts' });
    expect(await kept()).toBe(0);
  });

  it('should keep a receipt for round updates released and never stored (a training that ended before its first round closed)', async () => {
    await accept(session('tp-a'), await signed({ artifacts: [unstoredRoundUpdates('urn:uuid:training-a', 1)], method: DELETION_METHOD_RELEASED_UNSTORED }));
    expect(await kept()).toBe(1);
  });

  it('should refuse a receipt whose list cannot be true: a hash for updates never stored, a stored artifact without one, a method that contradicts it', async () => {
    const unstored = unstoredRoundUpdates('urn:uuid:training-a', 1);
    const refused = [
      [await signed({ artifacts: [{ ...unstored, ciphertextSha256: 'sha256:aa' }], method: DELETION_METHOD_RELEASED_UNSTORED }), /never stored/],
      [await signed({ artifacts: [unstored] }), /its method must be/], // says it crypto-shredded what was never stored
      [await signed({ artifacts: [ARTIFACT, unstored], method: DELETION_METHOD_RELEASED_UNSTORED }), /lists stored artifacts/],
      [await signed({ artifacts: [{ artifactClass: 'model-artifacts', artifactName: 'model-1' }] }), /names no ciphertext hash/],
      [await signed({ artifacts: [{ artifactName: 'model-1' } as never] }), /does not name its class/],
    ] as const;
    for (const [receipt, reason] of refused) await expect(accept(session('tp-a'), receipt)).rejects.toMatchObject({ code: 'FORBIDDEN', detail: expect.stringMatching(reason) });
    expect(await kept()).toBe(0);
  });

  it('should refuse a receipt outside its validity window or with a deletion in the future, allowing a small skew', async () => {
    await expect(accept(session('tp-a'), await signed({ deletedAt: '2099-01-01T00:00:00Z' }))).rejects.toThrow(/not valid now: not valid before 2099/);
    const later = await signed({}, (body) => {
      (body.credentialSubject as Record<string, unknown>).deletedAt = '2099-01-01T00:00:00Z';
    });
    await expect(accept(session('tp-a'), later)).rejects.toThrow(/deletion happens later/);
    const expired = await signed({ deletedAt: '2026-05-01T00:00:00Z', validUntil: '2026-05-02T00:00:00Z' });
    await expect(accept(session('tp-a'), expired)).rejects.toThrow(/expired at/);
    expect(await kept()).toBe(0);
    await accept(session('tp-a'), await signed({ deletedAt: new Date(clock.now() + 60_000).toISOString() })); // a minute ahead: skew
    expect(await kept()).toBe(1);
  });
});
