import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtConsoleFolder } from '../../connector/api/routes/console-routes.js';
import { penguinPlan } from '../../connector/training/backend/baselines.js';
import { planHash } from '../../connector/training/training-plan.js';
import { startDataSpace, type DemoDataSpace, type DemoNode } from '../../examples/demo/demo-data-space.js';

const CHROMIUM = '/usr/bin/chromium';
const skipReason = !existsSync(CHROMIUM)
  ? `${CHROMIUM} is absent: install Debian's chromium (apt-get install -y chromium) to run the console's browser test`
  : !existsSync(join(builtConsoleFolder(), 'main.js'))
    ? 'the console is not built: run npm run build'
    : undefined;
if (skipReason) console.warn(`skipping the console browser test: ${skipReason}`);

const RESEARCH = 'https://w3id.org/kontor/purpose/research';
const TRAINING = 'https://w3id.org/kontor/purpose/federated-training';
const CSV = 'species,island\nAdelie,Biscoe\nGentoo,Biscoe\n';
const plan = penguinPlan({ clipNorm: 5, noiseMultiplier: 0.01 });
const members = { '@type': 'Set', permission: [{ action: 'use', constraint: [{ leftOperand: 'cx-policy:Membership', operator: 'eq', rightOperand: 'active' }] }] };
const research = { '@type': 'Set', permission: [{ action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'isA', rightOperand: RESEARCH }] }] };
const study = {
  '@type': 'Set',
  permission: [
    {
      action: 'use',
      constraint: [
        {
          and: [
            { leftOperand: 'purpose', operator: 'isA', rightOperand: TRAINING },
            { leftOperand: 'count', operator: 'lteq', rightOperand: 2, unit: 'fl:TrainingRound' },
            { leftOperand: 'fl:planHash', operator: 'eq', rightOperand: planHash(plan) },
            { leftOperand: 'fl:clipNorm', operator: 'lteq', rightOperand: 5 },
            { leftOperand: 'fl:noiseMultiplier', operator: 'gteq', rightOperand: 0.005 },
          ],
        },
      ],
    },
  ],
};

let dir: string;
let shots: string;
let space: DemoDataSpace;
let site: DemoNode;
let coordinator: DemoNode;
let browser: Browser;
let page: Page;
let shot = 0;
const snap = async (name: string) => {
  shot += 1;
  await page.screenshot({ path: join(shots, `${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true });
};

beforeAll(async () => {
  if (skipReason) return;
  dir = mkdtempSync(join(tmpdir(), 'kontor-console-'));
  shots = join(dir, 'screenshots');
  mkdirSync(join(dir, 'data'));
  mkdirSync(shots);
  writeFileSync(join(dir, 'data', 'penguins.csv'), CSV);
  space = await startDataSpace(
    dir,
    [
      { name: 'biscoe', legalName: 'Biscoe Station', roles: ['data-site'], overrides: { 'dataPlane.fileRoot': join(dir, 'data') } },
      { name: 'coordinator', legalName: 'Penguin Consortium', roles: ['coordinator'] },
    ],
    'silent',
  );
  [site, coordinator] = space.nodes as [DemoNode, DemoNode];
  await site.api('POST', '/api/v1/assets', {
    id: 'penguins-csv',
    properties: { title: 'Penguins of Biscoe (CSV)', mediaType: 'text/csv' },
    dataAddress: { type: 'File', path: 'penguins.csv' },
  });
  await site.api('POST', '/api/v1/assets', {
    id: 'penguins-fl',
    properties: { title: 'Penguins of Biscoe (training)' },
    dataAddress: { type: 'TrainingData', source: 'vega-datasets/penguins', island: 'Biscoe' },
  });
  for (const [id, policy] of Object.entries({ members, research, study })) await site.api('POST', '/api/v1/policies', { id, policy });
  await site.api('POST', '/api/v1/contract-definitions', {
    id: 'files',
    accessPolicyId: 'members',
    contractPolicyId: 'research',
    assetsSelector: [{ operandLeft: 'id', operator: '=', operandRight: 'penguins-csv' }],
  });
  await site.api('POST', '/api/v1/assets', { id: 'penguins-manual', properties: { title: 'Penguins, on request' }, dataAddress: { type: 'File', path: 'penguins.csv' } });
  await site.api('POST', '/api/v1/contract-definitions', {
    id: 'on-request',
    accessPolicyId: 'members',
    contractPolicyId: 'research',
    approval: 'manual',
    assetsSelector: [{ operandLeft: 'id', operator: '=', operandRight: 'penguins-manual' }],
  });
  await site.api('POST', '/api/v1/contract-definitions', {
    id: 'study',
    accessPolicyId: 'members',
    contractPolicyId: 'study',
    assetsSelector: [{ operandLeft: 'id', operator: '=', operandRight: 'penguins-fl' }],
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--renderer-process-limit=1'] });
  page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  console.log(`console screenshots: ${shots}`);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await space?.stop();
  // The screenshots stay for a look; the rest of the data space goes.
  if (dir) for (const name of ['data', 'biscoe.db', 'coordinator.db', 'authority.db']) rmSync(join(dir, name), { recursive: true, force: true });
});

describe.skipIf(skipReason !== undefined)('the web console in a real browser', () => {
  it('should serve the console without a key under a strict CSP, and refuse data calls without one', async () => {
    const res = await fetch(`${coordinator.managementUrl}/console`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'; script-src 'self'/);
    expect(await res.text()).not.toMatch(/<script>|https?:\/\//);
    expect((await fetch(`${coordinator.managementUrl}/console/../api/v1/agreements`)).status).toBe(401);
    expect((await fetch(`${coordinator.managementUrl}/console/nope.js`)).status).toBe(404);
  });

  it('should label the sign-in form, reach it by keyboard and refuse a wrong key', async () => {
    await page.goto(`${coordinator.managementUrl}/console`);
    const key = page.getByLabel('API key');
    await expect(key.isVisible()).resolves.toBe(true);
    // Browser-side expressions are strings: this file is type-checked for Node, without the DOM library.
    const unlabelled = await page.evaluate(
      `[...document.querySelectorAll('input, select, textarea')].filter((e) => !(e.id && document.querySelector('label[for="' + e.id + '"]')) && !e.getAttribute('aria-label')).length`,
    );
    expect(unlabelled).toBe(0);
    expect(await page.evaluate(`document.activeElement?.getAttribute('name')`)).toBe('apiKey');
    await page.keyboard.type('wrong-key');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Sign in');
    expect(await page.evaluate('getComputedStyle(document.activeElement).outlineStyle')).not.toBe('none');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'Sign-in failed' }).waitFor();
    await snap('sign-in-refused');
    await key.fill(coordinator.connector.config.managementApi.apiKey);
    await key.press('Enter');
    await page.getByRole('heading', { name: 'Catalog' }).waitFor();
    expect(await page.evaluate('[sessionStorage.length > 0, localStorage.length]')).toEqual([true, 0]);
    // Loaded again (the key stays for the tab), the keyboard reaches the skip link first, then the pages, each with a
    // visible focus ring.
    await page.reload();
    await page.getByRole('heading', { name: 'Catalog' }).waitFor();
    const focused = `[document.activeElement?.textContent, getComputedStyle(document.activeElement).outlineStyle]`;
    await page.keyboard.press('Tab');
    expect(await page.evaluate(focused)).toEqual(['Skip to content', 'solid']);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(focused)).toEqual(['Catalog', 'solid']);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Negotiations and agreements' }).waitFor();
    await page.getByRole('link', { name: 'Catalog' }).click();
  });

  it('should go from the catalog through a negotiation and a transfer to the data', async () => {
    await page.getByLabel('Peer DSP address').fill(`${site.publicUrl}/api/dsp`);
    await page.getByLabel('Peer participant id (DID)').fill(site.did);
    await page.getByRole('button', { name: 'Request catalog' }).click();
    await page.getByRole('button', { name: 'Negotiate penguins-csv' }).waitFor();
    expect(await page.locator('td .ok', { hasText: 'verified' }).count()).toBe(3);
    // Each dataset's title (the catalog's dct:title) beside its id.
    await page.locator('td .muted', { hasText: 'Penguins of Biscoe (CSV)' }).waitFor({ timeout: 5000 }); // rendered with the buttons awaited above
    await snap('catalog');
    await page.getByRole('button', { name: 'Negotiate penguins-csv' }).click();
    await page.getByTestId('negotiation-state').filter({ hasText: 'FINALIZED' }).waitFor({ timeout: 20_000 });
    await snap('negotiation');
    await page.getByRole('link', { name: 'Start a transfer' }).click();
    await page.getByLabel('Agreement id').waitFor();
    expect(await page.getByLabel('Agreement id').inputValue()).toMatch(/\S/);
    await page.getByLabel('Purpose').fill(RESEARCH);
    await page.getByRole('button', { name: 'Start transfer' }).click();
    await page.getByTestId('transfer-state').filter({ hasText: 'STARTED' }).waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Show EDR' }).click();
    await page.getByRole('heading', { name: 'Endpoint data reference' }).waitFor();
    await page.getByRole('button', { name: 'Fetch data' }).click();
    await page
      .getByTestId('data-preview')
      .filter({ hasText: CSV.split('\n')[0] as string })
      .waitFor({ timeout: 20_000 }); // the answer has arrived
    await expect(page.getByTestId('data-preview').textContent()).resolves.toBe(CSV);
    await snap('transfer');
  });

  it("should let the provider's operator approve a negotiation that waits for approval", async () => {
    await page.getByRole('link', { name: 'Catalog' }).click();
    await page.getByRole('button', { name: 'Request catalog' }).click();
    await page.getByRole('button', { name: 'Negotiate penguins-manual' }).click();
    await page.getByTestId('negotiation-state').filter({ hasText: 'REQUESTED' }).waitFor({ timeout: 20_000 });
    const provider = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    try {
      await provider.goto(`${site.managementUrl}/console#/negotiations`);
      await provider.getByLabel('API key').fill(site.connector.config.managementApi.apiKey);
      await provider.getByLabel('API key').press('Enter');
      await provider.getByRole('heading', { name: 'Catalog' }).waitFor();
      await provider.getByRole('link', { name: 'Negotiations' }).click();
      await provider.getByRole('row').filter({ hasText: 'waiting for you' }).getByRole('link').click();
      await provider.getByRole('button', { name: 'Approve' }).waitFor();
      await provider.screenshot({ path: join(shots, '03b-provider-approval.png'), fullPage: true });
      await provider.getByRole('button', { name: 'Approve' }).click();
      await provider.getByTestId('negotiation-state').filter({ hasText: 'FINALIZED' }).waitFor({ timeout: 20_000 });
      expect(await provider.getByRole('cell', { name: 'contract policy allowed; approved by the operator' }).count()).toBe(1);
    } finally {
      await provider.close();
    }
    await page.getByTestId('negotiation-state').filter({ hasText: 'FINALIZED' }).waitFor({ timeout: 20_000 });
  });

  it('should show a training with its accuracy per round and its site', async () => {
    const catalog = await coordinator.api<{ catalog: { dataset: { '@id': string; hasPolicy: { '@id': string }[] }[] } }>('POST', '/api/v1/catalog/request', {
      counterPartyAddress: `${site.publicUrl}/api/dsp`,
      counterPartyId: site.did,
    });
    const offerId = catalog.catalog.dataset.find((d) => d['@id'] === 'penguins-fl')?.hasPolicy[0]?.['@id'];
    const agreed = new Promise<string>((resolve, reject) =>
      coordinator.connector.events.on('negotiation.stateChanged', (e) => {
        if (e.negotiation.offer['@id'] !== offerId) return;
        if (e.to === 'FINALIZED') resolve(String(e.negotiation.agreementId));
        if (e.to === 'TERMINATED') reject(new Error(`the training negotiation ended: ${e.negotiation.errorDetail}`));
      }),
    );
    await coordinator.api('POST', '/api/v1/negotiations', { counterPartyAddress: `${site.publicUrl}/api/dsp`, counterPartyId: site.did, offerId });
    const done = new Promise<void>((resolve) =>
      coordinator.connector.events.on('training.changed', (e) => {
        if (!['PREPARING', 'RUNNING'].includes(e.to)) resolve();
      }),
    );
    const { id } = await coordinator.api<{ id: string }>('POST', '/api/v1/trainings', { agreements: [await agreed], plan, purpose: TRAINING, rounds: 2, minSites: 1 });
    await page.getByRole('link', { name: 'Trainings' }).click();
    await page.getByRole('link', { name: id }).click();
    await done;
    await page.getByTestId('training-state').filter({ hasText: 'COMPLETED' }).waitFor({ timeout: 10_000 });
    const chart = page.getByTestId('accuracy-chart');
    expect(await chart.getAttribute('aria-label')).toMatch(/round 1 \d+\.\d %, round 2 \d+\.\d %/);
    expect(await chart.locator('circle').count()).toBe(2);
    expect(await page.getByRole('cell', { name: site.did }).count()).toBe(1);
    await snap('training');
  });

  it('should verify the audit chain and evaluate a policy dry, saying why it fails', async () => {
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('button', { name: 'Verify the chain' }).click();
    await page.getByTestId('audit-verdict').filter({ hasText: /\S/ }).waitFor({ timeout: 20_000 }); // the answer has arrived
    await expect(page.getByTestId('audit-verdict').textContent()).resolves.toMatch(/^The chain is intact: \d+ entries checked/);
    await snap('audit');
    await page.getByRole('link', { name: 'Policy editor' }).click();
    await page.getByRole('button', { name: 'Validate' }).click();
    await page.getByTestId('validation').filter({ hasText: /\S/ }).waitFor({ timeout: 20_000 }); // the answer has arrived
    await expect(page.getByTestId('validation').textContent()).resolves.toContain('The policy is valid.');
    await page.getByRole('button', { name: 'Evaluate (dry run)' }).click();
    await page.getByTestId('evaluation-verdict').filter({ hasText: /\S/ }).waitFor({ timeout: 20_000 }); // the answer has arrived
    await expect(page.getByTestId('evaluation-verdict').textContent()).resolves.toBe('Denied in this context.');
    expect(await page.getByTestId('evaluation').textContent()).toContain('purpose');
    await snap('policy');
  });
});
