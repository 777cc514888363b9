import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { DATA_SETS, PENGUINS } from '../../connector/training/backend/data-sets.js';
import type { Training } from '../../connector/training/training.js';
import { projectContexts } from '../../connector/identity/index.js';
import { startDataSpace, type DemoNode } from './demo-data-space.js';
import { accuracyChart, sparkline } from './accuracy-chart.js';
import { TRAINING_PURPOSE } from './demo-offers.js';
import { shippedSource, type DemoSource } from './demo-source.js';
import { ownDataSource } from './own-data-source.js';
import { negotiateWithSites } from './negotiate-all.js';
import { progressBar } from './progress-bar.js';
import { accuracyShortfall } from './accuracy-gate.js';
import type { MlpSpec } from '../../connector/training/backend/model-spec.js';
import { demoModel } from './demo-model.js';
import { exampleRows, modelCard, predict, reasonOf, waitForProvenance } from './model-use-demo.js';
import { DEMO_DELTA, privatePlan } from './private-plan.js';

/** Every flag the demo takes; each is followed by its value. Anything else is an error naming it. */
const FLAGS = ['--report', '--rounds', '--model', '--data', '--label', '--dataset', '--epsilon'];
/** Flags without a value. */
const SWITCHES = ['--secure-aggregation'];

/**
 * `npm run demo`: an authority, three data sites (the Palmer penguins split by island; with `--dataset breast-cancer`
 * the Wisconsin breast-cancer set over three hospitals; with `--data DIR --label COLUMN` one site per CSV or Parquet file in DIR)
 * and a coordinator on loopback, SQLite in a temporary folder. Catalog → negotiation → federated training with
 * per-round policy checks, a purpose violation denied, the figures against centralized and single-site baselines,
 * accuracy per round as a sparkline. `--report FILE` writes them as JSON, and the chart as SVG beside it. Any
 * failure exits non-zero.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i += 2) {
    if (SWITCHES.includes(args[i] as string)) {
      i -= 1;
      continue;
    }
    if (!FLAGS.includes(args[i] as string)) throw new Error(`unknown flag '${String(args[i])}' (known: ${[...FLAGS, ...SWITCHES].join(', ')})`);
    if (args[i + 1] === undefined || [...FLAGS, ...SWITCHES].includes(args[i + 1] as string)) throw new Error(`${String(args[i])} needs a value`);
  }
  const secure = args.includes('--secure-aggregation');
  const reportFile = args.includes('--report') ? args[args.indexOf('--report') + 1] : undefined;
  const epsilon = args.includes('--epsilon') ? Number(args[args.indexOf('--epsilon') + 1]) : undefined;
  if (epsilon !== undefined && !(epsilon > 0 && Number.isFinite(epsilon))) throw new Error('--epsilon must be a positive number');
  const model = demoModel(args.includes('--model') ? args[args.indexOf('--model') + 1] : undefined, epsilon);
  // The MLP converges more slowly under its update noise: at 20 rounds it usually classified one held-out row fewer
  // than centralized training, one flipped row from the 2-point gate; it runs 30, and releases the mean of the last 5
  // rounds' models (tail averaging, docs/federated-training.md).
  const rounds = args.includes('--rounds') ? Number(args[args.indexOf('--rounds') + 1]) : epsilon ? 10 : model ? 30 : 20;
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds must be a positive integer');
  const source = await demoSource(args, rounds, epsilon, model, secure);
  const { plan, parts: PARTS } = source;
  const dir = mkdtempSync(join(tmpdir(), 'kontor-demo-'));
  const log = (line: string) => console.log(line);
  const space = await startDataSpace(
    dir,
    [
      ...PARTS.map((part) => ({ name: `site-${part.toLowerCase()}`, legalName: source.siteLegalName(part), roles: ['data-site'], overrides: source.siteSettings })),
      { name: 'coordinator', legalName: source.coordinatorLegalName, roles: ['coordinator'] },
    ],
    'error',
    { https: true },
  );
  try {
    const sites = space.nodes.slice(0, PARTS.length);
    const coordinator = space.nodes[PARTS.length] as DemoNode;
    log(`▶ ${source.intro}`);
    log(
      `▶ authority ${space.authority.did}; ${sites.length} data sites and a coordinator, each with its membership credential (SQLite in ${dir}); did:web over HTTPS with a development CA (${dir}/tls)`,
    );
    for (const [i, site] of sites.entries()) await source.publish(site, PARTS[i] as string, rounds, coordinator.did);
    log('▶ catalog and negotiation (offers are signed credentials; agreements are signed by each site)');
    const agreements = await negotiateWithSites(coordinator, sites, log);

    log(`▶ federated training: ${rounds} rounds, FedAvg over ${sites.length} sites, each round gated by the site's policy`);
    if (plan.aggregation?.tailAverage)
      log(`  the released model is the mean of the last ${plan.aggregation.tailAverage} rounds' global models (tail averaging: the sites' fresh update noise averages out)`);
    if (plan.secureAggregation)
      log(`  secure aggregation in every agreement (fl:secureAggregation ≥ ${plan.secureAggregation.threshold}): the coordinator sees only the sum of the masked updates`);
    if (epsilon)
      log(
        `  privacy budget in every agreement: ε ≤ ${epsilon} at δ = ${DEMO_DELTA} (fl:epsilon, fl:delta); DP-SGD at the sites with noise multiplier ${String(plan.noiseMultiplier)}, clip norm ${String(plan.clipNorm)}`,
      );
    const bar = progressBar(rounds);
    const done = trainingFinished(coordinator, bar);
    const { id } = await coordinator.api<{ id: string }>('POST', '/api/v1/trainings', {
      agreements: agreements.map((a) => a.agreementId),
      plan,
      purpose: TRAINING_PURPOSE,
      rounds,
    });
    const training = await done;
    if (training.state !== 'COMPLETED') throw new Error(`training ${training.state}: ${training.errorDetail ?? ''}`);
    for (const m of training.metrics) log(`  round ${String(m.round).padStart(2)}: federated accuracy ${(m.accuracy * 100).toFixed(1)} %`);
    log(`  accuracy per round: ${sparkline(training.metrics.map((m) => m.accuracy))}`);

    // At once: the deletion duty shreds the model 2 s after the training.
    log("▶ the trained model, used under the agreed purpose (every site's agreement is checked, each decision audited)");
    const rows = exampleRows(training);
    const used = await predict(coordinator, id, TRAINING_PURPOSE, rows);
    if (!used.ok) throw new Error(`a prediction under the agreed purpose was refused: ${reasonOf(used.problem)}`);
    for (const [i, p] of used.value.predictions.entries())
      log(
        `  ${JSON.stringify(rows[i])} → ${p.class} (${Object.entries(p.probabilities)
          .map(([c, v]) => `${c} ${(v * 100).toFixed(1)} %`)
          .join(', ')})`,
      );
    const marketingUse = await predict(coordinator, id, 'https://w3id.org/kontor/purpose/marketing', rows.slice(0, 1));
    if (marketingUse.ok) throw new Error('a prediction for marketing was not denied');
    log(`  a prediction for marketing: denied (${reasonOf(marketingUse.problem)})`);
    const provenance = await waitForProvenance(coordinator, id, sites.length);
    log(
      `  TrainedModelCredential ${String(provenance.credential.id)} by ${String(provenance.credential.issuer)}, countersigned by ${provenance.attestations.length} of ${sites.length} sites`,
    );
    if (provenance.attestations.length !== sites.length) throw new Error(`only ${provenance.attestations.length} sites countersigned the model credential`);

    const { centralized, sites: siteAccuracies } = await source.baselines(training, rounds * plan.localEpochs);
    const federated = training.metrics.at(-1)?.accuracy ?? NaN;
    log(
      `▶ accuracy on the held-out rows of all sites: federated ${(federated * 100).toFixed(1)} %, centralized ${(centralized * 100).toFixed(1)} %, single sites ${PARTS.map((i) => `${i} ${((siteAccuracies[i] ?? 0) * 100).toFixed(1)} %`).join(', ')}`,
    );

    const epsilonSpent = Object.fromEntries(training.sites.map((s) => [s.siteDid, s.privacy?.epsilonSpent ?? null]));
    if (epsilon)
      log(
        `  ε spent per site (signed in each site's receipts): ${Object.entries(epsilonSpent)
          .map(([did, e]) => `${did.replace(/^.*:/, '')} ${e === null ? 'none' : e.toFixed(3)}`)
          .join(', ')}`,
      );
    log('▶ a purpose violation: the coordinator asks the sites to train for marketing');
    const denied = await attempt(coordinator, { agreements: agreements.map((a) => a.agreementId), plan, purpose: 'https://w3id.org/kontor/purpose/marketing', rounds: 1 });
    log(`  denied: ${denied.reason}`);
    const overBudget = await attempt(coordinator, { agreements: agreements.map((a) => a.agreementId), plan, purpose: TRAINING_PURPOSE, rounds: 1 });
    log(`  one more round past the agreed budget of ${rounds}: ${overBudget.reason}`);
    for (const other of overBudget.reasons.slice(1)) log(`    another site: ${other}`);

    log('▶ deletion duties: the coordinator must delete the model artifacts 2 s after the training (crypto-shredding)');
    const receipts = await waitForReceipts(coordinator, sites.length);
    for (const r of receipts)
      log(
        `  receipt ${String((r.receipt as { id: string }).id)} for agreement ${String(r.agreementId)}: ${JSON.stringify((r.receipt as { credentialSubject: { deletedArtifacts: unknown[] } }).credentialSubject.deletedArtifacts.length)} artifact(s), signed by ${String((r.receipt as { issuer: string }).issuer)}`,
      );
    // Each receipt reaches its site through a delivery duty of its own, which may run after the receipt was issued.
    for (const site of sites) {
      const received = await waitForReceived(site);
      log(`  ${site.name} verified and kept ${received} receipt(s) in its audit log`);
    }
    const afterDeletion = await predict(coordinator, id, TRAINING_PURPOSE, rows.slice(0, 1));
    if (afterDeletion.ok) throw new Error('a prediction after the deletion was not refused');
    log(
      `  a prediction after the deletion: refused (${afterDeletion.problem.code ?? ''}, ${afterDeletion.problem.receipts?.length ?? 0} receipt(s): ${(afterDeletion.problem.receipts ?? []).map((r) => r.id).join(', ')})`,
    );
    const card = await modelCard(coordinator, id);
    log('▶ audit logs (hash chains over every decision, negotiation, transfer, round and deletion)');
    let auditVerified = true;
    for (const node of space.nodes) {
      const v = await node.api<{ ok: boolean; entriesChecked: number }>('GET', '/api/v1/audit/verify');
      auditVerified &&= v.ok;
      log(`  ${node.name}: ${v.entriesChecked} entries, ${v.ok ? 'intact' : 'BROKEN'}`);
    }
    if (!auditVerified) throw new Error('an audit log does not verify');
    const tolerance = epsilon ? 0.03 : 0.02;
    const shortfall = accuracyShortfall(federated, centralized, tolerance);
    if (shortfall) throw new Error(shortfall);
    if (epsilon && Object.values(epsilonSpent).some((e) => e === null || e > epsilon))
      throw new Error(`a site reported no ε or more than the budget: ${JSON.stringify(epsilonSpent)}`);
    if (!denied.denied || !overBudget.denied) throw new Error('a violation was not denied');
    const report = {
      dataset: source.name,
      federatedAccuracy: federated,
      centralizedAccuracy: centralized,
      siteAccuracies,
      trainingId: id,
      ...(epsilon ? { privacyBudget: { epsilon, delta: DEMO_DELTA, noiseMultiplier: plan.noiseMultiplier, clipNorm: plan.clipNorm }, epsilonSpent } : {}),
      rounds: training.metrics.map((m) => ({ round: m.round, accuracy: m.accuracy, loss: m.loss, modelHash: m.modelHash, sites: m.sites })),
      predictions: used.value.predictions.map((p, i) => ({ row: rows[i], ...p })),
      deniedAttempts: [
        { attempt: 'train for marketing', reason: denied.reason },
        { attempt: 'a round past the budget', reason: overBudget.reason, siteReasons: overBudget.reasons },
        { attempt: 'predict for marketing', reason: reasonOf(marketingUse.problem) },
        { attempt: 'predict after the deletion', reason: reasonOf(afterDeletion.problem), receipts: (afterDeletion.problem.receipts ?? []).map((r) => r.id) },
      ],
      // True when every round was masked: the coordinator's credential says so of a plan with secure aggregation, whose plain rounds every site refuses.
      secureAggregation: (provenance.credential.credentialSubject as { privacyMeasures?: { secureAggregation?: boolean } }).privacyMeasures?.secureAggregation === true,
      modelCredential: { credential: provenance.credential, countersignatures: provenance.attestations.map((a) => a.attestation) },
      modelCard: card,
      agreements: agreements.map((a) => ({ site: a.site.did, agreementId: a.agreementId, offerVerified: a.offerVerified })),
      deletionReceipts: receipts.map((r) => r.receipt),
      auditVerified,
      didDocuments: Object.fromEntries(
        await Promise.all(
          [space.authorityUrl, ...space.nodes.map((n) => n.publicUrl)].map(async (url) => {
            const doc = (await (await fetch(`${url}/.well-known/did.json`)).json()) as { id: string };
            return [doc.id, doc] as const;
          }),
        ),
      ),
      contexts: projectContexts,
    };
    if (reportFile) {
      const chart = reportFile.replace(/(\.json)?$/i, '.svg');
      writeFileSync(
        chart,
        accuracyChart(
          training.metrics.map((m) => m.accuracy),
          centralized,
          `Kontor federated training: ${source.name}`,
        ),
      );
      writeFileSync(reportFile, `${JSON.stringify({ ...report, chart: basename(chart) }, null, 2)}\n`);
      log(`▶ report written to ${reportFile}, accuracy chart to ${chart}`);
    }
    log('▶ done');
  } finally {
    await space.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The demo's data: `--data DIR --label COLUMN` (own CSV files), else `--dataset NAME` (a data set Kontor ships). */
async function demoSource(args: string[], rounds: number, epsilon: number | undefined, model: MlpSpec | undefined, secure: boolean): Promise<DemoSource> {
  const value = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
  const data = value('--data');
  if (data !== undefined && epsilon !== undefined) throw new Error('--epsilon works with the shipped data sets only (not with --data)');
  if (data !== undefined && secure) throw new Error('--secure-aggregation works with the shipped data sets only (not with --data)');
  if (data !== undefined) {
    const label = value('--label');
    if (!label) throw new Error('--data DIR needs --label COLUMN');
    return ownDataSource(data, label, model);
  }
  const name = value('--dataset') ?? PENGUINS.name;
  const ds = DATA_SETS.find((d) => d.name === name);
  if (!ds) throw new Error(`unknown --dataset '${name}' (one of ${DATA_SETS.map((d) => d.name).join(', ')})`);
  // Secure aggregation: any two of the sites can unmask a round (threshold 2, the demo's minimum number of sites).
  const secureAggregation = secure ? { threshold: 2 } : undefined;
  if (epsilon === undefined) return shippedSource(ds, undefined, model, secureAggregation);
  return shippedSource(ds, { plan: privatePlan(ds, rounds, epsilon, ds === PENGUINS ? 3 : 6).plan, epsilon, delta: DEMO_DELTA }, undefined, secureAggregation);
}

/** Waits (bounded) until the coordinator has issued `count` deletion receipts. */
async function waitForReceipts(coordinator: DemoNode, count: number): Promise<{ agreementId: unknown; receipt: Record<string, unknown> }[]> {
  for (let i = 0; i < 150; i++) {
    const issued = (
      await coordinator.api<{ receipts: { direction: string; agreementId: unknown; receipt: Record<string, unknown> }[] }>('GET', '/api/v1/deletions')
    ).receipts.filter((r) => r.direction === 'issued');
    if (issued.length >= count) return issued;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the deletion receipts did not arrive within 30 s');
}

/** Waits (bounded) until a site has verified and kept a deletion receipt; the number it kept. */
async function waitForReceived(site: DemoNode): Promise<number> {
  for (let i = 0; i < 150; i++) {
    const received = (await site.api<{ receipts: { direction: string }[] }>('GET', '/api/v1/deletions')).receipts.filter((r) => r.direction === 'received');
    if (received.length > 0) return received.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${site.name} received no deletion receipt within 30 s`);
}

function trainingFinished(coordinator: DemoNode, bar: (round: number, accuracy: number) => void): Promise<Training> {
  return new Promise((resolve) => {
    const off = coordinator.connector.events.on('training.changed', (e) => {
      const last = e.training.metrics.at(-1);
      if (last) bar(last.round, last.accuracy);
      if (e.to === 'RUNNING' || e.to === 'PREPARING') return;
      off();
      resolve(e.training);
    });
  });
}

/** Starts a training that the sites must refuse, and returns the reason they gave. */
async function attempt(coordinator: DemoNode, body: Record<string, unknown>): Promise<{ denied: boolean; reason: string; reasons: string[] }> {
  const done = trainingFinished(coordinator, () => undefined);
  await coordinator.api('POST', '/api/v1/trainings', body);
  const t = await done;
  const reasons = [...t.rejected.map((r) => r.reason), t.errorDetail ?? ''].filter(Boolean);
  return { denied: t.state === 'FAILED', reason: concise(reasons[0] ?? t.state), reasons: t.rejected.map((r) => concise(r.reason)) };
}

/** The policy's own words from a refusal (the DSP error body's reason, or the site's problem detail). */
function concise(reason: string): string {
  const fromDsp = /answered 403: (.*?)(?:;\s*did:|\)$|$)/.exec(reason)?.[1];
  return (fromDsp ?? reason.replace(/^POLICY_DENIED: /, '')).slice(0, 300);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`demo failed: ${(error as Error).message}`);
    process.exit(1);
  },
);
