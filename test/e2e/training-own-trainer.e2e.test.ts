import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPenguins } from '../../connector/training/backend/penguins.js';
import { planForSchema } from '../../connector/training/data/plan-for-schema.js';
import type { TrainingSchema } from '../../connector/training/data/training-schema.js';
import { TRAINING_PURPOSE, trainingPolicy } from '../../examples/demo/demo-offers.js';
import { startDataSpace, type DemoDataSpace, type DemoNode } from '../../examples/demo/demo-data-space.js';
import { trainingEnded } from '../helpers/training-ended.js';

/**
 * Issue 13 item 3: one site trains with its own program (the Python example), the other with the built-in trainer;
 * the coordinator cannot tell them apart: every round passes the same gate, and the Python site's updates are clipped,
 * noised and signed by its connector like the other's.
 */
const probe = spawnSync('python3', ['-c', 'import numpy, sys; print(sys.executable)'], { encoding: 'utf8' });
const python = probe.status === 0 ? probe.stdout.trim() : undefined;
const why = probe.error ? 'python3 is not installed' : 'python3 has no numpy (pip install numpy)';
if (!python) console.warn(`skipping the own-trainer training: ${why}`);
const TRAINER = resolve('examples/trainer/softmax_trainer.py');
const SCHEMA: TrainingSchema = {
  features: ['bill', 'depth', 'flipper', 'mass'].map((name) => ({ name, type: 'numeric' as const })),
  label: { name: 'species', classes: ['Adelie', 'Chinstrap', 'Gentoo'] },
  missingValues: { rule: 'drop' },
};
const plan = planForSchema(SCHEMA, { clipNorm: 5, noiseMultiplier: 0.005, standardize: 'federated' });

describe.skipIf(!python)(`training with a site's own trainer (${python ? 'python3 with numpy' : why})`, () => {
  let space: DemoDataSpace;
  let dir: string;
  let marker: string;
  const agreements: string[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kontor-own-trainer-'));
    marker = join(dir, 'trainer-runs.txt');
    writeFileSync(marker, '');
    // The sites' data root (training.dataRoot): their own files lie below it, the stores and keys beside it.
    const data = join(dir, 'data');
    mkdirSync(data);
    // The site's command: note each run in the marker file, then run the example trainer as its own main program.
    const command = [python as string, '-c', `import runpy; open(${JSON.stringify(marker)}, 'a').write('run\\n'); runpy.run_path(${JSON.stringify(TRAINER)}, run_name='__main__')`];
    space = await startDataSpace(
      dir,
      [
        { name: 'harbour', legalName: 'Harbour lab', roles: ['data-site'], overrides: { 'training.dataRoot': data } },
        { name: 'valley', legalName: 'Valley lab', roles: ['data-site'], overrides: { 'training.localTrainer': command, 'training.dataRoot': data } },
        { name: 'coordinator', legalName: 'Consortium', roles: ['coordinator'] },
      ],
      'silent',
    );
    const [harbour, valley, coordinator] = space.nodes as [DemoNode, DemoNode, DemoNode];
    const rows = loadPenguins();
    for (const [i, site] of [harbour, valley].entries()) {
      const path = join(data, `${site.did.split(':').pop() ?? i}.csv`);
      writeFileSync(path, ['bill,depth,flipper,mass,species', ...rows.filter((_, r) => r % 2 === i).map((r) => [...r.x, r.label].join(','))].join('\n'));
      await site.api('POST', '/api/v1/assets', {
        id: 'penguins',
        properties: { title: 'Penguins (training only)' },
        dataAddress: { type: 'TrainingData', format: 'csv', path, schema: SCHEMA },
      });
      await site.api('POST', '/api/v1/policies', {
        id: 'members',
        policy: { '@type': 'Set', permission: [{ action: 'use', constraint: [{ leftOperand: 'cx-policy:Membership', operator: 'eq', rightOperand: 'active' }] }] },
      });
      await site.api('POST', '/api/v1/policies', { id: 'study', policy: trainingPolicy(plan, 10, coordinator.did, 'PT1H', 20, ['fl:fit', 'fl:evaluate', 'fl:statistics']) });
      await site.api('POST', '/api/v1/contract-definitions', { id: 'study', accessPolicyId: 'members', contractPolicyId: 'study' });
      const catalog = await coordinator.api<{ catalog: { dataset: { hasPolicy: { '@id': string }[] }[] } }>('POST', '/api/v1/catalog/request', {
        counterPartyAddress: `${site.publicUrl}/api/dsp`,
        counterPartyId: site.did,
      });
      const done = new Promise<string>((ok) =>
        coordinator.connector.events.on('negotiation.stateChanged', (e) => {
          if (e.to === 'FINALIZED' && e.negotiation.counterPartyId === site.did) ok(String(e.negotiation.agreementId));
        }),
      );
      await coordinator.api('POST', '/api/v1/negotiations', {
        counterPartyAddress: `${site.publicUrl}/api/dsp`,
        counterPartyId: site.did,
        offerId: catalog.catalog.dataset[0]?.hasPolicy[0]?.['@id'],
      });
      agreements.push(await done);
    }
  });
  afterAll(async () => {
    await space?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should train through the gate with the Python site, whose rounds its connector checks, clips and signs', async () => {
    const [, valley, coordinator] = space.nodes as [DemoNode, DemoNode, DemoNode];
    const finished = trainingEnded(coordinator);
    const { id } = await coordinator.api<{ id: string }>('POST', '/api/v1/trainings', { agreements, plan, purpose: TRAINING_PURPOSE, rounds: 3 });
    const t = await finished;
    expect(t.id).toBe(id);
    expect(t.state, t.errorDetail).toBe('COMPLETED');
    expect(t.metrics.map((m) => m.round)).toEqual([1, 2, 3]);
    // Both sites delivered every round: the coordinator accepted the Python site's receipts like the other's.
    for (const m of t.metrics) expect(m.sites.map((s) => s.siteDid).sort()).toEqual([space.nodes[0]?.did, valley.did].sort());
    expect(t.metrics.at(-1)?.accuracy).toBeGreaterThan(0.9);
    // The program ran for every fit and evaluation at the Python site (3 fits, 3 evaluations at least).
    expect(readFileSync(marker, 'utf8').split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(6);
    const audit = await valley.api<{ items: { type: string; data: { task?: string; decision?: string } }[] }>(
      'GET',
      `/api/v1/audit?agreementId=${encodeURIComponent(agreements[1] ?? '')}&limit=500`,
    );
    expect(audit.items.filter((e) => e.type === 'training.round' && e.data.task === 'fit' && e.data.decision === 'permit')).toHaveLength(3);
  });
});
