import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Answer, type Call, launch, noBrowser, openConsole } from './mock-console.js';

const ID = 'urn:uuid:6f1c0d5e-0000-4000-8000-000000000001';
const PATH = `/api/v1/negotiations/${encodeURIComponent(ID)}`;
const RULES = {
  permission: [{ action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'eq', rightOperand: 'https://w3id.org/kontor/purpose/research' }] }],
  prohibition: [{ action: 'distribute' }],
  obligation: [{ action: 'delete', constraint: [{ leftOperand: 'elapsedTime', operator: 'eq', rightOperand: 'P30D' }] }],
};
const negotiation = (over: Record<string, unknown> = {}) => ({
  id: ID,
  role: 'provider',
  state: 'REQUESTED',
  protocolState: 'REQUESTED',
  pending: true,
  consumerPid: ID,
  counterPartyId: 'did:web:peer.example',
  offer: { '@id': 'urn:kontor:offer:x', '@type': 'Offer', target: 'asset-1', assigner: 'did:web:me.example', ...RULES, prohibition: RULES.prohibition },
  assetId: 'asset-1',
  agreementId: null,
  errorDetail: null,
  terminationReason: null,
  history: [{ state: 'REQUESTED', at: '2025-01-01T00:00:00.000Z', cause: 'requested' }],
  ...over,
});

let browser: Browser;
beforeAll(async () => {
  if (!noBrowser) browser = await launch();
});
afterAll(async () => browser?.close());

describe.skipIf(noBrowser !== undefined)('the negotiation page', () => {
  it('should pre-fill the counter-offer with every rule of the offer and send them unchanged', async () => {
    const { page, calls } = await openConsole(browser, `#/negotiations/${encodeURIComponent(ID)}`, (call: Call): Answer => {
      if (call.path === PATH) return { body: negotiation({ offer: { ...negotiation().offer, permission: RULES.permission, obligation: RULES.obligation, duty: [] } }) };
      if (call.path === `${PATH}/counter-offer`) return { body: negotiation({ state: 'OFFERING', pending: false }) };
      return undefined;
    });
    const box = page.getByLabel('Counter-offer (ODRL rules, JSON)');
    expect(JSON.parse(await box.inputValue())).toEqual(RULES);
    await page.getByRole('button', { name: 'Send counter-offer' }).click();
    await page.getByText('Send counter-offer: done.').waitFor();
    expect(calls.find((c) => c.path === `${PATH}/counter-offer`)?.body).toEqual(RULES);
    await page.close();
  });

  it('should leave out rules the offer does not state (the API refuses empty lists)', async () => {
    const { page } = await openConsole(browser, `#/negotiations/${encodeURIComponent(ID)}`, (call) =>
      call.path === PATH ? { body: negotiation({ offer: { '@id': 'o', permission: RULES.permission, prohibition: [] } }) } : undefined,
    );
    expect(JSON.parse(await page.getByLabel('Counter-offer (ODRL rules, JSON)').inputValue())).toEqual({ permission: RULES.permission });
    await page.close();
  });

  it('should keep what the operator types, the focus and an action’s error while the negotiation is refreshed', async () => {
    let state = 'REQUESTED';
    const { page, calls } = await openConsole(
      browser,
      `#/negotiations/${encodeURIComponent(ID)}`,
      (call) => {
        if (call.path === PATH) return { body: negotiation({ role: 'consumer', pending: false, state, protocolState: state }) };
        if (call.path === `${PATH}/terminate`) return { status: 409, body: { title: 'Conflict', code: 'INVALID_STATE', detail: 'not now' } };
        return undefined;
      },
      { clock: true },
    );
    const reads = () => calls.filter((c) => c.path === PATH).length;
    const reason = page.getByLabel('Reason (reject, terminate)');
    await reason.fill('we no longer need it');
    await page.getByRole('button', { name: 'Terminate' }).click();
    await page.getByRole('alert').filter({ hasText: 'INVALID_STATE: not now' }).waitFor();
    await reason.focus();
    const before = reads();
    await page.clock.runFor(10_000);
    expect(await reason.inputValue()).toBe('we no longer need it');
    expect(await page.evaluate('document.activeElement?.getAttribute("name")')).toBe('reason');
    expect(await page.getByRole('alert').textContent()).toBe('INVALID_STATE: not now');
    expect(reads()).toBe(before); // not read again while the operator is at the form
    // Done typing (field empty, focus elsewhere): the state is read again in a few seconds, in place.
    await reason.fill('');
    await page.getByRole('heading', { level: 1 }).focus();
    state = 'AGREED';
    await page.clock.runFor(3_500);
    await page.getByTestId('negotiation-state').filter({ hasText: 'AGREED' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toBe('INVALID_STATE: not now');
    await page.close();
  });

  it('should show why a negotiation was terminated, as text, and no transfer on a provider’s agreement', async () => {
    const reason = '<img src=x onerror="document.title=1"> policy changed';
    const { page } = await openConsole(browser, `#/negotiations/${encodeURIComponent(ID)}`, (call) =>
      call.path === PATH ? { body: negotiation({ state: 'TERMINATED', pending: false, terminationReason: reason, agreementId: 'urn:agreement:1' }) } : undefined,
    );
    await page.getByTestId('termination-reason').filter({ hasText: 'policy changed' }).waitFor();
    expect(await page.getByTestId('termination-reason').textContent()).toBe(reason);
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Start a transfer' }).count()).toBe(0);
    await page.close();
  });

  it('should offer a transfer on the agreement of a negotiation in which this connector is the consumer', async () => {
    const { page } = await openConsole(browser, `#/negotiations/${encodeURIComponent(ID)}`, (call) =>
      call.path === PATH ? { body: negotiation({ role: 'consumer', state: 'FINALIZED', pending: false, agreementId: 'urn:agreement:1' }) } : undefined,
    );
    await page.getByRole('link', { name: 'Start a transfer' }).waitFor();
    await page.close();
  });
});
