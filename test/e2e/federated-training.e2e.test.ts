import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { penguinPlan } from '../../connector/training/backend/baselines.js';
import { planHash } from '../../connector/training/training-plan.js';
import type { Training } from '../../connector/training/training.js';
import { startDataSpace, type DemoDataSpace, type DemoNode } from '../../examples/demo/demo-data-space.js';

const PURPOSE = 'https://w3id.org/kontor/purpose/federated-training';
const plan = penguinPlan({ clipNorm: 5, noiseMultiplier: 0.01 });
let space: DemoDataSpace;
let dir: string;
let sites: DemoNode[];
let coordinator: DemoNode;
const agreements: string[] = [];

function trainingPolicy(rounds: number) {
  return {
    '@type': 'Set',
    permission: [
      {
        action: 'use',
        constraint: [
          {
            and: [
              { leftOperand: 'purpose', operator: 'isA', rightOperand: PURPOSE },
              { leftOperand: 'count', operator: 'lteq', rightOperand: rounds, unit: 'fl:TrainingRound' },
              { leftOperand: 'fl:planHash', operator: 'eq', rightOperand: planHash(plan) },
              { leftOperand: 'fl:localEpochs', operator: 'lteq', rightOperand: 5 },
              { leftOperand: 'fl:minSamplesPerRound', operator: 'gteq', rightOperand: 10 },
              { leftOperand: 'fl:clipNorm', operator: 'lteq', rightOperand: 5 },
              { leftOperand: 'fl:noiseMultiplier', operator: 'gteq', rightOperand: 0.005 },
            ],
          },
        ],
      },
    ],
  };
}

/** Resolves when the training leaves PREPARING/RUNNING. */
const finished = (id: string) =>
  new Promise<Training>((resolve) =>
    coordinator.connector.events.on('training.changed', (e) => {
      if (e.id === id && !['PREPARING', 'RUNNING'].includes(e.to)) resolve(e.training);
    }),
  );

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kontor-fl-'));
  space = await startDataSpace(
    dir,
    [
      { name: 'biscoe', legalName: 'Biscoe Station', roles: ['data-site'] },
      { name: 'dream', legalName: 'Dream Station', roles: ['data-site'] },
      { name: 'coordinator', legalName: 'Penguin Consortium', roles: ['coordinator'] },
    ],
    'silent',
  );
  sites = space.nodes.slice(0, 2);
  coordinator = space.nodes[2] as DemoNode;
  for (const [i, site] of sites.entries()) {
    const island = ['Biscoe', 'Dream'][i] as string;
    await site.api('POST', '/api/v1/assets', {
      id: 'penguins',
      properties: { title: `Penguins of ${island}`, keywords: ['penguins'] },
      dataAddress: { type: 'TrainingData', source: 'vega-datasets/penguins', island },
    });
    await site.api('POST', '/api/v1/policies', {
      id: 'members',
      policy: { '@type': 'Set', permission: [{ action: 'use', constraint: [{ leftOperand: 'cx-policy:Membership', operator: 'eq', rightOperand: 'active' }] }] },
    });
    await site.api('POST', '/api/v1/policies', { id: 'fl-study', policy: trainingPolicy(3) });
    await site.api('POST', '/api/v1/contract-definitions', { id: 'study', accessPolicyId: 'members', contractPolicyId: 'fl-study' });
    const catalog = await coordinator.api<{ catalog: { dataset: { hasPolicy: { '@id': string }[] }[] } }>('POST', '/api/v1/catalog/request', {
      counterPartyAddress: `${site.publicUrl}/api/dsp`,
      counterPartyId: site.did,
    });
    const offerId = catalog.catalog.dataset[0]?.hasPolicy[0]?.['@id'];
    const done = new Promise<string>((resolve) =>
      coordinator.connector.events.on('negotiation.stateChanged', (e) => {
        if (e.to === 'FINALIZED' && e.negotiation.counterPartyId === site.did) resolve(String(e.negotiation.agreementId));
      }),
    );
    await coordinator.api('POST', '/api/v1/negotiations', { counterPartyAddress: `${site.publicUrl}/api/dsp`, counterPartyId: site.did, offerId });
    agreements.push(await done);
  }
});
afterAll(async () => {
  await space?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a federated training over two data sites and a coordinator', () => {
  it('should train within the agreed round budget and report metrics per round and per site', async () => {
    const { id } = await coordinator.api<{ id: string }>('POST', '/api/v1/trainings', { agreements, plan, purpose: PURPOSE, rounds: 3 });
    const t = await finished(id);
    expect(t.state, t.errorDetail).toBe('COMPLETED');
    expect(t.metrics.map((m) => m.round)).toEqual([1, 2, 3]);
    expect(t.metrics.at(-1)?.accuracy).toBeGreaterThan(0.8);
    expect(t.metrics[0]?.sites.map((s) => s.siteDid).sort()).toEqual(sites.map((s) => s.did).sort());
    const view = await coordinator.api<{ state: string; currentRound: number }>('GET', `/api/v1/trainings/${encodeURIComponent(id)}`);
    expect(view).toMatchObject({ state: 'COMPLETED', currentRound: 3 });
  });

  it('should deny a round past the budget, a wrong purpose and a wrong plan at the site, with the reason', async () => {
    // The first test spent the agreements' budget of 3 rounds: the next round is refused under the same agreements.
    const over = await coordinator.api<{ id: string }>('POST', '/api/v1/trainings', { agreements, plan, purpose: PURPOSE, rounds: 1 });
    const t = await finished(over.id);
    expect(t.state, t.errorDetail).toBe('FAILED');
    expect(t.rejected.map((r) => r.reason).join(' ')).toMatch(/count|round/i);
    const marketing = await coordinator.api<{ id: string }>('POST', '/api/v1/trainings', { agreements, plan, purpose: 'https://w3id.org/kontor/purpose/marketing', rounds: 1 });
    const m = await finished(marketing.id);
    expect(m.state).toBe('FAILED');
    expect(m.errorDetail).toMatch(/purpose/i); // refused when the training transfer starts: the transfer declares the purpose
    const otherPlan = await coordinator.api<{ id: string }>('POST', '/api/v1/trainings', { agreements, plan: { ...plan, localEpochs: 4 }, purpose: PURPOSE, rounds: 1 });
    const p = await finished(otherPlan.id);
    expect(p.rejected.map((r) => r.reason).join(' ')).toMatch(/planHash/i);
  });

  it('should record every round decision, denials too, in an intact hash-chained audit log on each site', async () => {
    const site = sites[0] as DemoNode;
    const log = await site.api<{ items: { type: string; data: { decision?: string; task?: string } }[]; total: number }>(
      'GET',
      `/api/v1/audit?agreementId=${encodeURIComponent(agreements[0] ?? '')}&limit=500`,
    );
    const rounds = log.items.filter((e) => e.type === 'training.round');
    expect(rounds.filter((e) => e.data.decision === 'permit' && e.data.task === 'fit')).toHaveLength(3);
    expect(rounds.some((e) => e.data.decision === 'deny')).toBe(true);
    expect(log.items.some((e) => e.type === 'audit.checkpoint')).toBe(true); // the coordinator's signed head, swapped after a round
    expect(await site.api('GET', '/api/v1/audit/verify')).toMatchObject({ ok: true, entriesChecked: expect.any(Number) });
  });

  it('should swap signed audit checkpoints in every round, each matching the other side’s log at its seq', async () => {
    type Entry = {
      seq: number;
      hash: string;
      type: string;
      actor: string;
      agreementId?: string;
      data: { received?: { checkpoint: { seq: number; hash: string } }; round?: number };
    };
    const entries = async (node: DemoNode) => {
      const all: Entry[] = [];
      for (let offset = 0; ; offset += 500) {
        const page = await node.api<{ items: Entry[]; total: number }>('GET', `/api/v1/audit?offset=${offset}&limit=500`);
        all.push(...page.items);
        if (all.length >= page.total || page.items.length === 0) return all;
      }
    };
    const held = (log: Entry[], actor: string) => log.filter((e) => e.type === 'audit.checkpoint' && e.actor === actor);
    const matches = (log: Entry[], c: { seq: number; hash: string }) => log.find((e) => e.seq === c.seq)?.hash === c.hash;
    const coordinatorLog = await entries(coordinator);
    for (const site of sites) {
      const siteLog = await entries(site);
      // The first training's rounds 1–3: the site's checkpoint came back with each round's evaluation.
      const fromSite = held(coordinatorLog, site.did);
      expect(fromSite.map((e) => e.data.round)).toEqual(expect.arrayContaining([1, 2, 3]));
      for (const e of fromSite) expect(matches(siteLog, e.data.received?.checkpoint ?? { seq: -1, hash: '' }), `site checkpoint at coordinator seq ${e.seq}`).toBe(true);
      const fromCoordinator = held(siteLog, coordinator.did);
      expect(fromCoordinator.length).toBeGreaterThanOrEqual(3);
      for (const e of fromCoordinator)
        expect(matches(coordinatorLog, e.data.received?.checkpoint ?? { seq: -1, hash: '' }), `coordinator checkpoint at site seq ${e.seq}`).toBe(true);
    }
  });
});
