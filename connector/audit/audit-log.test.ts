import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/index.js';
import { Ed25519Key } from '../identity/index.js';
import { GENESIS_HASH, chainEntry, type AuditEntry } from './audit-entry.js';
import { jwsCheckpointSigner, jwsCheckpointVerifier } from './audit-checkpoint.js';
import { AuditLog } from './audit-log.js';
import { MemoryAuditStore } from './memory-audit-store.js';
import { verifyAuditLog } from './verify-audit-log.js';
import { verifyChain } from './verify-chain.js';

const clock = new FixedClock();
const key = Ed25519Key.generate('audit-1', clock.isoNow());
const other = Ed25519Key.generate('audit-2', clock.isoNow());

async function filledLog(n = 6): Promise<{ log: AuditLog; store: MemoryAuditStore }> {
  const store = new MemoryAuditStore();
  const log = new AuditLog(store, clock);
  for (let i = 1; i <= n; i++) {
    await log.append({
      type: i % 2 ? 'policy.decision' : 'training.round',
      actor: 'did:web:site-a',
      agreementId: i % 3 ? 'agr-1' : 'agr-2',
      data: { decision: i === 2 ? 'deny' : 'permit', i },
    });
    clock.advance(1000);
  }
  return { log, store };
}

const edit = (store: MemoryAuditStore, seq: number, change: (e: AuditEntry) => AuditEntry) => {
  const i = store.entries.findIndex((e) => e.seq === seq);
  store.entries[i] = change(store.entries[i] as AuditEntry);
};

describe('audit log (hash chain)', () => {
  it('should chain entries from the genesis hash and verify', async () => {
    const { log, store } = await filledLog();
    expect(store.entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(store.entries[0]?.prevHash).toBe(GENESIS_HASH);
    expect(store.entries[1]?.prevHash).toBe(store.entries[0]?.hash);
    expect(store.entries[1]?.data).toEqual({ decision: 'deny', i: 2 }); // denials are recorded too
    expect(await log.verify()).toMatchObject({ ok: true, checked: 6, headSeq: 6, headHash: store.entries[5]?.hash });
    expect((await log.query({ agreementId: 'agr-2' })).items.map((e) => e.seq)).toEqual([3, 6]);
  });

  it('should find an edited entry at its seq', async () => {
    const { log, store } = await filledLog();
    edit(store, 3, (e) => ({ ...e, data: { decision: 'permit', i: 99 } }));
    expect((await log.verify()).problem).toMatchObject({ seq: 3, kind: 'edited' });
  });

  it('should find an entry replaced with a recomputed hash at the next link', async () => {
    const { log, store } = await filledLog();
    edit(store, 3, (e) => chainEntry(store.entries[1], { type: e.type, actor: e.actor, data: { forged: true } }, e.at));
    expect((await log.verify()).problem).toMatchObject({ seq: 4, kind: 'broken-link' });
  });

  it('should find a missing entry and reordered entries', async () => {
    const { log, store } = await filledLog();
    store.entries.splice(3, 1); // seq 4 deleted
    expect((await log.verify()).problem).toMatchObject({ seq: 4, kind: 'missing' });
    const swapped = await filledLog();
    const [a, b] = [swapped.store.entries[1] as AuditEntry, swapped.store.entries[2] as AuditEntry];
    swapped.store.entries[1] = { ...b, seq: 2 };
    swapped.store.entries[2] = { ...a, seq: 3 };
    expect((await swapped.log.verify()).problem).toMatchObject({ seq: 2, kind: 'edited' });
    expect(verifyChain([a, b].reverse()).problem).toMatchObject({ kind: 'missing', seq: 1 });
    expect(verifyChain([store.entries[0] as AuditEntry, store.entries[0] as AuditEntry]).problem).toMatchObject({ kind: 'out-of-order', seq: 1 });
  });

  it('should drop undefined members before hashing, so stored and hashed data agree', async () => {
    const log = new AuditLog(new MemoryAuditStore(), clock);
    const entry = await log.append({ type: 'deletion', actor: 'did:web:a', data: { keyId: undefined, n: 1, list: [{ a: undefined }] } });
    expect(entry.data).toEqual({ n: 1, list: [{}] });
    expect(verifyChain([JSON.parse(JSON.stringify(entry)) as AuditEntry]).ok).toBe(true);
  });

  it('should append a batch as consecutive links in order, and nothing of a batch with a bad entry', async () => {
    const { log, store } = await filledLog(2);
    const heard: number[] = [];
    const listened = new AuditLog(store, clock, (e) => heard.push(e.seq));
    const batch = await listened.appendAll(['a', 'b', 'c'].map((site) => ({ type: 'training.round' as const, actor: `did:web:${site}`, data: { site } })));
    expect(batch.map((e) => [e.seq, e.actor])).toEqual([
      [3, 'did:web:a'],
      [4, 'did:web:b'],
      [5, 'did:web:c'],
    ]);
    expect(batch[0]?.prevHash).toBe(store.entries[1]?.hash);
    expect(heard).toEqual([3, 4, 5]);
    await expect(
      log.appendAll([
        { type: 'transfer', actor: 'x', data: 1 },
        { type: 'gossip' as never, actor: 'x', data: 2 },
      ]),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(store.entries).toHaveLength(5);
    expect(await log.verify()).toMatchObject({ ok: true, checked: 5 });
  });

  it('should reject unknown types and non-JSON data', async () => {
    const log = new AuditLog(new MemoryAuditStore(), clock);
    await expect(log.append({ type: 'gossip' as never, actor: 'x', data: null })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(log.append({ type: 'transfer', actor: '', data: null })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(log.append({ type: 'transfer', actor: 'x', data: undefined as never })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('signed checkpoints', () => {
  it('should sign the head as a JWS (EdDSA) and verify it against the log', async () => {
    const { log } = await filledLog();
    const signed = await log.checkpoint(jwsCheckpointSigner(key.signingKey(), key.kid));
    expect(signed.checkpoint).toMatchObject({ seq: 6 });
    expect(signed.signature.split('.')).toHaveLength(3);
    expect(await log.verifyCheckpoint(signed, jwsCheckpointVerifier(key.publicKey))).toEqual({ ok: true });
    expect((await log.verifyCheckpoint(signed, jwsCheckpointVerifier(other.publicKey))).ok).toBe(false);
    const altered = { ...signed, checkpoint: { ...signed.checkpoint, seq: 5 } };
    expect((await log.verifyCheckpoint(altered, jwsCheckpointVerifier(key.publicKey))).problem).toMatch(/signature/);
  });

  it('should detect a truncated tail and a rewritten history that the chain alone would accept', async () => {
    const { log, store } = await filledLog();
    const signed = await log.checkpoint(jwsCheckpointSigner(key.signingKey()));
    const verifier = jwsCheckpointVerifier(key.publicKey);
    store.entries.splice(4); // entries 5 and 6 cut off: still a valid chain
    expect((await log.verify()).ok).toBe(true);
    const report = await verifyAuditLog(store, { clock, checkpoints: [signed], checkSignature: verifier });
    expect(report).toMatchObject({ ok: false, entriesChecked: 4, checkpoints: [{ seq: 6, ok: false }] });
    expect(report.checkpoints[0]?.problem).toMatch(/truncated/);

    const rewritten = await filledLog();
    const cp = await rewritten.log.checkpoint(jwsCheckpointSigner(key.signingKey()));
    const kept = rewritten.store.entries.splice(0);
    let head: AuditEntry | undefined;
    for (const e of kept) {
      head = chainEntry(head, { type: e.type, actor: 'did:web:forger', data: e.data }, e.at);
      rewritten.store.entries.push(head);
    }
    expect((await rewritten.log.verify()).ok).toBe(true); // a consistent forgery…
    expect((await rewritten.log.verifyCheckpoint(cp, verifier)).problem).toMatch(/rewritten/); // …caught by the checkpoint
  });

  it('should append and sign a checkpoint of the entry it appended, after what the outbox held', async () => {
    const { log, store } = await filledLog(3);
    log.readsAfter(async () => {
      if (store.entries.length === 3) await log.append({ type: 'policy.decision', actor: 'did:web:relayed', data: {} });
    });
    const signed = await log.appendAndCheckpoint({ type: 'audit.checkpoint', actor: 'did:web:c', data: { received: 'theirs' } }, jwsCheckpointSigner(key.signingKey()));
    expect(store.entries.map((e) => e.actor).slice(3)).toEqual(['did:web:relayed', 'did:web:c']);
    expect(signed.checkpoint).toMatchObject({ seq: 5, hash: store.entries[4]?.hash });
    expect(await log.verifyCheckpoint(signed, jwsCheckpointVerifier(key.publicKey))).toEqual({ ok: true });
  });

  it('should checkpoint an empty log at the genesis hash, and fail closed without a signature check', async () => {
    const log = new AuditLog(new MemoryAuditStore(), clock);
    const signed = await log.checkpoint(jwsCheckpointSigner(key.signingKey()));
    expect(signed.checkpoint).toMatchObject({ seq: 0, hash: GENESIS_HASH });
    expect(await log.verifyCheckpoint(signed, jwsCheckpointVerifier(key.publicKey))).toEqual({ ok: true });
    expect((await verifyAuditLog(log.store, { clock, checkpoints: [signed] })).ok).toBe(false);
    expect(await verifyAuditLog(log.store, { clock })).toMatchObject({ ok: true, entriesChecked: 0, headSeq: 0, headHash: GENESIS_HASH });
  });
});

describe('reads after the outbox', () => {
  it('should append what is committed but not yet relayed before every read, and read what is there when that fails', async () => {
    const log = new AuditLog(new MemoryAuditStore(), clock);
    const pending = [{ type: 'policy.decision' as const, actor: 'did:web:a', data: { decision: 'permit' } }];
    log.readsAfter(async () => {
      for (const input of pending.splice(0)) await log.append(input);
    });
    expect((await log.query({})).items.map((e) => e.actor)).toEqual(['did:web:a']);
    pending.push({ type: 'policy.decision', actor: 'did:web:b', data: { decision: 'deny' } });
    expect((await log.select({})).map((e) => e.actor)).toEqual(['did:web:a', 'did:web:b']);
    pending.push({ type: 'policy.decision', actor: 'did:web:c', data: { decision: 'deny' } });
    expect((await log.checkpoint(async () => 'sig')).checkpoint.seq).toBe(3);
    log.readsAfter(() => Promise.reject(new Error('the relay failed')));
    expect((await log.query({})).total).toBe(3);
  });
});
