import { describe, expect, it } from 'vitest';
import { updateDigest, type ModelUpdate } from './model-update.js';
import { RoundCollector, rejectionError } from './round-collector.js';

const GMH = 'sha256:global-3';
const update = (over: Partial<ModelUpdate> = {}): ModelUpdate => {
  const base = { agreementId: 'agr-a', siteId: 'site-a', round: 3, globalModelHash: GMH, delta: Float64Array.of(1, 1), sampleCount: 10, ...over };
  return { ...base, signature: 'signature' in over ? over.signature : `sig:${updateDigest(base)}` };
};
const verifySignature = (u: ModelUpdate) => u.signature === `sig:${updateDigest(u)}`;
const collector = () => new RoundCollector({
  round: 3, globalModelHash: GMH, parameterCount: 2, verifySignature,
  participants: [{ agreementId: 'agr-a', siteId: 'site-a' }, { agreementId: 'agr-b', siteId: 'site-b' }],
});

describe('RoundCollector (coordinator ingress)', () => {
  it('should accept one signed update per site and average by sample count on close', async () => {
    const c = collector();
    expect(await c.submit(update())).toMatchObject({ accepted: true });
    expect(await c.submit(update({ agreementId: 'agr-b', siteId: 'site-b', delta: Float64Array.of(4, -2), sampleCount: 30 }))).toMatchObject({ accepted: true });
    expect(c.reported).toBe(2);
    expect(Array.from(c.close(Float64Array.of(0, 0)))).toEqual([3.25, -1.25]);
    expect(await c.submit(update({ agreementId: 'agr-b', siteId: 'site-b' }))).toMatchObject({ accepted: false, reason: 'closed' });
  });

  it('should reject stale rounds and updates trained from another global model', async () => {
    const c = collector();
    expect(await c.submit(update({ round: 2 }))).toMatchObject({ accepted: false, reason: 'stale-round' });
    expect(await c.submit(update({ round: 4 }))).toMatchObject({ accepted: false, reason: 'stale-round' });
    expect(await c.submit(update({ globalModelHash: 'sha256:global-2' }))).toMatchObject({ accepted: false, reason: 'wrong-global-model' });
    expect(c.reported).toBe(0);
  });

  it('should reject a duplicate, also when both copies arrive concurrently', async () => {
    const c = collector();
    const [first, second] = await Promise.all([c.submit(update()), c.submit(update())]);
    expect([first?.accepted, second?.accepted].sort()).toEqual([false, true]);
    const verdict = await c.submit(update({ delta: Float64Array.of(9, 9) }));
    expect(verdict).toMatchObject({ accepted: false, reason: 'duplicate' });
    expect(c.reported).toBe(1);
  });

  it('should reject unsigned, badly signed, unknown, excluded and malformed updates', async () => {
    const c = collector();
    expect(await c.submit(update({ signature: undefined }))).toMatchObject({ accepted: false, reason: 'unsigned' });
    expect(await c.submit(update({ signature: 'sig:forged' }))).toMatchObject({ accepted: false, reason: 'bad-signature' });
    expect(await c.submit(update({ siteId: 'site-x' }))).toMatchObject({ accepted: false, reason: 'unknown-site' });
    expect(await c.submit(update({ agreementId: 'agr-b' }))).toMatchObject({ accepted: false, reason: 'unknown-site' });
    expect(await c.submit(update({ delta: Float64Array.of(1) }))).toMatchObject({ accepted: false, reason: 'malformed' });
    expect(await c.submit(update({ delta: Float64Array.of(1, Number.NaN) }))).toMatchObject({ accepted: false, reason: 'malformed' });
    expect(await c.submit(update({ sampleCount: 0 }))).toMatchObject({ accepted: false, reason: 'malformed' });
    expect(await c.submit(update())).toMatchObject({ accepted: true }); // a bad signature did not burn the slot
    c.exclude('agr-a', 'site-a'); // revoked member: its pending update is dropped
    expect(c.reported).toBe(0);
    expect(await c.submit(update({ agreementId: 'agr-a', siteId: 'site-a', delta: Float64Array.of(2, 2) }))).toMatchObject({ reason: 'unknown-site' });
  });

  it('should map rejections to stable error codes', () => {
    expect(rejectionError({ accepted: false, reason: 'duplicate', detail: 'x' }).code).toBe('ALREADY_EXISTS');
    expect(rejectionError({ accepted: false, reason: 'stale-round', detail: 'x' }).code).toBe('VERSION_CONFLICT');
    expect(rejectionError({ accepted: false, reason: 'unsigned', detail: 'x' }).code).toBe('UNAUTHORIZED');
  });
});
