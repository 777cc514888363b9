import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signKeyBundle } from './key-bundle.js';
import { generateRoundKeys, publicOf } from './round-keys.js';
import { makeSites } from './secagg-test-kit.js';

const r = { trainingId: 'trn-1', round: 2, threshold: 2 };

async function advertised(kit: ReturnType<typeof makeSites>, round = r) {
  const bundles: Record<string, string> = {};
  for (const s of kit.sites) bundles[s.did] = await s.protocol.advertise(round);
  return bundles;
}

describe('secure aggregation key exchange (keys signed with the sites’ DID keys)', () => {
  it('a key-agreement key forged by the coordinator is refused by the other sites', async () => {
    const kit = makeSites(3);
    const [a, b] = kit.sites;
    const bundles = await advertised(kit);
    const coordinator = generateKeyPairSync('ed25519');
    // Signed with the coordinator's own key but claiming to be site b's verification method.
    const forged = await signKeyBundle(
      { did: b!.did, verificationMethodId: `${b!.did}#key-1`, key: { signingKey: () => coordinator.privateKey } },
      { ...r, keys: publicOf(generateRoundKeys()) },
    );
    await expect(a!.protocol.shareKeys(r, { ...bundles, [b!.did]: forged })).rejects.toThrow(
      /key-agreement keys of did:web:site-01.example refused: signature verification failed/,
    );
  });

  it('a bundle signed by another site is refused for this site, and our own keys cannot be swapped', async () => {
    const kit = makeSites(3);
    const [a, b, c] = kit.sites;
    const bundles = await advertised(kit);
    await expect(a!.protocol.shareKeys(r, { ...bundles, [b!.did]: bundles[c!.did]! })).rejects.toThrow(/not signed by the site/);
    const other = await signKeyBundle(a!.identity, { ...r, keys: publicOf(generateRoundKeys()) });
    await expect(a!.protocol.shareKeys(r, { ...bundles, [a!.did]: other })).rejects.toThrow(/relayed other keys as ours/);
  });

  it("a coordinator that replays an old round's keys is caught", async () => {
    const kit = makeSites(3);
    const [a, b] = kit.sites;
    const old = await advertised(kit, { ...r, round: 1 });
    const current = await advertised(kit);
    await expect(a!.protocol.shareKeys(r, { ...current, [b!.did]: old[b!.did]! })).rejects.toThrow(/signed for round 1, not round 2 \(replayed keys\)/);
    // The honest relay of this round's keys is still accepted after the refusal.
    await expect(a!.protocol.shareKeys(r, current)).resolves.toBeDefined();
  });

  it('keys for another training are refused, and a site advertises one key set per round', async () => {
    const kit = makeSites(2);
    const [a, b] = kit.sites;
    const bundles = await advertised(kit);
    const elsewhere = await b!.site.session('another-transfer').advertise({ ...r, trainingId: 'trn-2' });
    await expect(a!.protocol.shareKeys(r, { ...bundles, [b!.did]: elsewhere })).rejects.toThrow(/signed for another training/);
    await expect(a!.protocol.advertise(r)).rejects.toThrow(/already advertised/);
  });
});

describe('the secure-aggregation step endpoint body', () => {
  it("refuses unknown fields, a bad step, another step's fields and missing parameters, naming them", async () => {
    const { secAggStep } = await import('./secagg-route.js');
    const site = makeSites(1).sites[0]!.protocol;
    await expect(secAggStep(site, { step: 'keys', trainingId: 't', round: 1, threshold: 2, extra: 1 })).rejects.toThrow(/unknown fields: extra/);
    await expect(secAggStep(site, { step: 'mask', trainingId: 't', round: 1, threshold: 2 })).rejects.toThrow(/step must be keys, shares, confirm or reveal/);
    await expect(secAggStep(site, { step: 'keys', trainingId: 't', round: 1, threshold: 2, survivors: [] })).rejects.toThrow(/step keys takes no survivors/);
    await expect(secAggStep(site, { step: 'confirm', trainingId: 't', round: 1, threshold: 2, survivors: [], dropped: [], signatures: {} })).rejects.toThrow(
      /step confirm takes no signatures/,
    );
    await expect(secAggStep(site, { step: 'keys', round: 1, threshold: 2 })).rejects.toThrow(/trainingId/);
    await expect(secAggStep(site, { step: 'shares', trainingId: 't', round: 1, threshold: 2, bundles: [1] })).rejects.toThrow(/bundles must map/);
    await expect(secAggStep(undefined, { step: 'keys' })).rejects.toThrow(/no DCP identity/);
    await expect(secAggStep(site, { step: 'keys', trainingId: 't', round: 1, threshold: 2 })).resolves.toEqual({ bundle: expect.any(String) });
  });
});
