import { describe, expect, it } from 'vitest';
import { makeSites } from './secagg-test-kit.js';
import { MAX_ROUNDS_PER_SESSION, MAX_SESSIONS } from './secagg-site.js';

const r = { trainingId: 'trn-1', round: 1, threshold: 2 };

describe('secure-aggregation state is per training session and bounded there', () => {
  it("another session's flood of rounds never evicts this session's live round (its keys are advertised once)", async () => {
    const { site } = makeSites(1).sites[0]!;
    const victim = site.session('transfer-victim');
    await victim.advertise(r);
    const flood = site.session('transfer-flood');
    for (let round = 1; round <= 260; round++) await flood.advertise({ ...r, trainingId: 'flood', round });
    await expect(victim.advertise(r)).rejects.toThrow(/keys for round 1 were already advertised/);
  });

  it('a session runs one training: another trainingId is refused', async () => {
    const { site } = makeSites(1).sites[0]!;
    await site.session('transfer-1').advertise(r);
    await expect(site.session('transfer-1').advertise({ ...r, trainingId: 'trn-2', round: 2 })).rejects.toThrow(/not the training this session runs/);
    await expect(site.session('transfer-1').shareKeys({ ...r, trainingId: 'trn-2' }, {})).rejects.toThrow(/not the training this session runs/);
  });

  it('a session keeps its recent rounds; a round it let go is never advertised again', async () => {
    const session = makeSites(1).sites[0]!.site.session('transfer-1');
    for (let round = 1; round <= MAX_ROUNDS_PER_SESSION + 1; round++) await session.advertise({ ...r, round });
    await expect(session.advertise(r)).rejects.toThrow(/already advertised/);
    await expect(session.shareKeys(r, {})).rejects.toThrow(/no keys were advertised for round 1/);
  });

  it('when every session slot holds a live round, a new training is refused rather than evicting one', async () => {
    const { site } = makeSites(1).sites[0]!;
    for (let i = 0; i < MAX_SESSIONS; i++) await site.session(`transfer-${i}`).advertise({ ...r, trainingId: `trn-${i}` });
    await expect(site.session('transfer-new').advertise({ ...r, trainingId: 'trn-new' })).rejects.toThrow(/live rounds of 1024 trainings/);
    await expect(site.session('transfer-0').advertise({ ...r, trainingId: 'trn-0' })).rejects.toThrow(/already advertised/);
  });

  it('a session whose training transfer ended gives its slot back, live round or not', async () => {
    const { site } = makeSites(1).sites[0]!;
    for (let i = 0; i < MAX_SESSIONS; i++) await site.session(`transfer-${i}`).advertise({ ...r, trainingId: `trn-${i}` });
    site.close('transfer-7');
    await expect(site.session('transfer-new').advertise({ ...r, trainingId: 'trn-new' })).resolves.toEqual(expect.any(String));
    await expect(site.session('transfer-7').shareKeys({ ...r, trainingId: 'trn-7' }, {})).rejects.toThrow(/no keys were advertised for round 1/);
  });
});
