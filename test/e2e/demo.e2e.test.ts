import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/index.js';
import { DEMO, runDemo, type DemoRun } from '../helpers/run-demo.js';
import { verifyWithVcAlone } from '../helpers/verify-with-vc-alone.js';

interface Report {
  dataset: string;
  federatedAccuracy: number;
  centralizedAccuracy: number;
  siteAccuracies: Record<string, number>;
  rounds: { round: number; accuracy: number }[];
  deniedAttempts: { attempt: string; reason: string; receipts?: string[] }[];
  predictions: { row: Record<string, number>; class: string; probabilities: Record<string, number> }[];
  modelCredential: { credential: { issuer: string; credentialSubject: { modelHash: string } }; countersignatures: { issuer: string; credentialSubject: { modelHash: string } }[] };
  modelCard: { sections: { annexIV: string }[] };
  deletionReceipts: { issuer: string; type: string[]; credentialSubject: { agreement: string; deletedArtifacts: { artifactName: string }[] } }[];
  auditVerified: boolean;
  didDocuments: Record<string, unknown>;
  contexts: Record<string, unknown>;
}

let dir: string;
let run: Run;
let report: Report;
type Run = DemoRun<Report>;

/** Runs the built demo as a user would, with a report file; resolves when the process exits. */
const demo = (args: string[]): Promise<Run> => runDemo<Report>(dir, args);

beforeAll(async () => {
  if (!existsSync(DEMO)) throw new Error(`${DEMO} is missing: run npm run build (npm test does)`);
  dir = mkdtempSync(join(tmpdir(), 'kontor-demo-test-'));
  // The default run, as `npm run demo`: each site's update noise is fresh at every round (a CSPRNG), and after 10 rounds
  // the federated model sat on the edge of the 2-point band (97.6–98.8 % against 100 %); by the default 20 it is inside.
  run = await demo([]);
  if (run.report) report = run.report;
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run demo (the main job)', () => {
  it('should exit 0 with federated accuracy within 2 points of centralized, beside the single-site baselines', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(Math.abs(report.federatedAccuracy - report.centralizedAccuracy)).toBeLessThanOrEqual(0.02);
    expect(Object.keys(report.siteAccuracies).sort()).toEqual(['Biscoe', 'Dream', 'Torgersen']);
    expect(report.rounds.map((r) => r.round)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(run.stdout).toMatch(/round 20: federated accuracy/);
  });

  it("should show the purpose violation and the round past the budget denied, with the policy's reasons", () => {
    expect(report.deniedAttempts.map((d) => d.attempt)).toEqual(['train for marketing', 'a round past the budget', 'predict for marketing', 'predict after the deletion']);
    expect(report.deniedAttempts[0]?.reason).toMatch(/purpose/);
    expect(report.deniedAttempts[1]?.reason).toMatch(/count|round/);
    expect(report.deniedAttempts[2]?.reason).toMatch(/POLICY_DENIED.*purpose/);
    expect(report.deniedAttempts[3]?.reason).toMatch(/MODEL_DELETED/);
    expect(report.deniedAttempts[3]?.receipts?.length).toBeGreaterThan(0);
    expect(report.deletionReceipts.map((r) => (r as unknown as { id: string }).id)).toEqual(expect.arrayContaining(report.deniedAttempts[3]?.receipts ?? ['none']));
  });

  it('should use the model under the agreed purpose, and report its credential, countersigned by every site, verifiable from the report alone', () => {
    expect(report.predictions).toHaveLength(3);
    for (const p of report.predictions) expect(['Adelie', 'Chinstrap', 'Gentoo']).toContain(p.class);
    expect(run.stdout).toMatch(/a prediction for marketing: denied/);
    const { credential, countersignatures } = report.modelCredential;
    expect(credential.credentialSubject.modelHash).toBe(report.rounds.at(-1)?.['modelHash' as never]);
    expect(countersignatures).toHaveLength(3);
    for (const c of [credential, ...countersignatures]) {
      expect(c.credentialSubject.modelHash).toBe(credential.credentialSubject.modelHash);
      const [verdict] = verifyWithVcAlone({ didDocument: report.didDocuments[c.issuer], servedContexts: report.contexts, credentials: [c], now: systemClock.isoNow() });
      expect(verdict?.errors).toEqual([]);
      expect(verdict?.verified).toBe(true);
    }
    expect(report.modelCard.sections.map((x) => x.annexIV)).toContain('1(a)');
  });

  it('should report verified audit logs, and deletion receipts anyone can verify later with @digitalbazaar/vc alone from the report', () => {
    expect(report.auditVerified).toBe(true);
    expect(report.deletionReceipts).toHaveLength(3);
    for (const receipt of report.deletionReceipts) {
      expect(receipt.type).toContain('DeletionReceiptCredential');
      const names = receipt.credentialSubject.deletedArtifacts.map((a) => a.artifactName);
      expect(names.filter((n) => n.startsWith('checkpoint-'))).toHaveLength(20); // one encrypted checkpoint per round
      expect(report.didDocuments[receipt.issuer], receipt.issuer).toBeDefined();
    }
    const issuer = report.deletionReceipts[0]?.issuer ?? '';
    const verdicts = verifyWithVcAlone({
      didDocument: report.didDocuments[issuer],
      servedContexts: report.contexts,
      credentials: report.deletionReceipts,
      now: systemClock.isoNow(),
    });
    expect(verdicts.map((v) => v.errors.join('; '))).toEqual(['', '', '']);
    expect(verdicts.map((v) => v.verified)).toEqual([true, true, true]);
  });
});

describe('npm run demo -- --dataset breast-cancer (the second data set)', () => {
  it('should train the Wisconsin breast-cancer set over three hospitals, within 2 points of centralized', async () => {
    const second = await demo(['--dataset', 'breast-cancer', '--rounds', '5']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.report).toMatchObject({ dataset: 'breast-cancer', auditVerified: true });
    expect(Object.keys(second.report?.siteAccuracies ?? {}).sort()).toEqual(['Hillside', 'Lakeside', 'Riverside']);
    expect(Math.abs((second.report?.federatedAccuracy ?? 0) - (second.report?.centralizedAccuracy ?? 1))).toBeLessThanOrEqual(0.02);
    expect(second.report?.deletionReceipts).toHaveLength(3);
  }, 180_000);

  it('should refuse an unknown data set with a clear message and a non-zero exit', async () => {
    const bad = await demo(['--dataset', 'mnist']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/unknown --dataset 'mnist' \(one of penguins, breast-cancer\)/);
  }, 60_000);
});

describe('npm run demo -- --secure-aggregation --epsilon 3 (secure aggregation and a differential-privacy budget in every agreement)', () => {
  it('should train masked under ε ≤ 3 at δ = 1e-5, report both and the ε each site spent, and stay within 3 points of centralized', async () => {
    const run3 = await demo(['--secure-aggregation', '--epsilon', '3']);
    expect(run3.code, run3.stderr).toBe(0);
    const r = run3.report as Report & { privacyBudget?: { epsilon: number; delta: number }; epsilonSpent?: Record<string, number>; secureAggregation?: boolean };
    expect(r.secureAggregation).toBe(true);
    expect(run3.stdout).toMatch(/secure aggregation in every agreement \(fl:secureAggregation ≥ 2\)/);
    expect(r.privacyBudget).toMatchObject({ epsilon: 3, delta: 1e-5 });
    const spent = Object.values(r.epsilonSpent ?? {});
    expect(spent).toHaveLength(3);
    for (const e of spent) expect(e > 0 && e <= 3, String(e)).toBe(true);
    // The model's provenance credential claims the same ε per site, with the budget and δ.
    const claimed =
      (r.modelCredential.credential.credentialSubject as { privacyMeasures?: { epsilonSpent?: { epsilonSpent: number; epsilonBudget: number; delta: number }[] } }).privacyMeasures
        ?.epsilonSpent ?? [];
    expect(claimed.map((c) => c.epsilonSpent).sort()).toEqual([...spent].sort());
    for (const c of claimed) expect(c).toMatchObject({ epsilonBudget: 3, delta: 1e-5 });
    expect(Math.abs(r.federatedAccuracy - r.centralizedAccuracy)).toBeLessThanOrEqual(0.03);
    expect(run3.stdout).toMatch(/privacy budget exceeded: this round would bring the ε spent/); // the round past the budget
  }, 180_000);

  it('should refuse an unknown flag, naming it', async () => {
    const bad = await demo(['--secure-aggregationx', '1']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/unknown flag '--secure-aggregationx'/);
  }, 60_000);
});

describe('npm run demo -- --model mlp (TensorFlow.js)', () => {
  it('should train an MLP on TensorFlow.js with --model mlp, within 2 points of centralized training of the same MLP', async () => {
    // 30 rounds, the MLP's default; it releases the mean of the last 5 rounds' models (tail averaging), so the last
    // round's fresh update noise alone no longer flips a second held-out row past the gate (docs/federated-training.md).
    const mlp = await demo(['--model', 'mlp']);
    expect(mlp.code, mlp.stderr).toBe(0);
    expect(mlp.stdout).toMatch(/the released model is the mean of the last 5 rounds' global models/);
    const r = mlp.report as Report;
    expect(r.rounds.length).toBe(30);
    expect(r.federatedAccuracy).toBeGreaterThan(0.9);
    expect(Math.abs(r.federatedAccuracy - r.centralizedAccuracy)).toBeLessThanOrEqual(0.02);
    expect(r.predictions.length).toBeGreaterThan(0);
  }, 180_000);

  it('should refuse an unknown model, naming it and the known ones', async () => {
    const bad = await demo(['--model', 'transformer']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/unknown --model 'transformer' \(one of softmax, mlp\)/);
  }, 60_000);
});
