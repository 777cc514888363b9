import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, noBrowser, OWN_DID, openConsole, pageOf } from './mock-console.js';

const AT = '2025-01-01T00:00:00.000Z';
// 120 of each, oldest first as the API lists them; the newest negotiation waits for this provider's approval.
const negotiations = Array.from({ length: 120 }, (_, i) => ({
  id: `neg-${i}`,
  role: 'provider',
  state: i === 119 ? 'REQUESTED' : 'FINALIZED',
  protocolState: 'x',
  pending: i === 119,
  counterPartyId: 'did:web:peer.example',
  offer: {},
  assetId: 'a',
  history: [],
}));
const agreement = (i: number, over: Record<string, unknown> = {}) => ({
  id: `agr-${i}`,
  assetId: 'a',
  assigner: 'did:web:peer.example',
  assignee: OWN_DID,
  status: 'active',
  signedAt: AT,
  ...over,
});
const agreements = [
  ...Array.from({ length: 118 }, (_, i) => agreement(i)),
  agreement(118, { assigner: OWN_DID, assignee: 'did:web:peer.example' }),
  agreement(119, { status: 'revoked', revokedAt: AT, revokedBy: 'did:web:peer.example', revocationReason: '<b>breach</b> of terms' }),
];
const transfers = Array.from({ length: 120 }, (_, i) => ({
  id: `tr-${i}`,
  role: 'consumer',
  state: 'STARTED',
  transferType: 'HttpData-PULL',
  assetId: 'a',
  counterPartyId: 'did:web:peer.example',
}));
const trainings = Array.from({ length: 120 }, (_, i) => ({ id: `trn-${i}`, state: 'COMPLETED', purpose: 'p', rounds: 2, currentRound: 2, sites: [], metrics: [] }));
const api = (call: { path: string }) => {
  const lists: Record<string, unknown[]> = { negotiations, agreements, transfers, trainings };
  const name = /^\/api\/v1\/(\w+)\?/.exec(call.path)?.[1];
  return name && lists[name] ? pageOf(lists[name], call.path) : undefined;
};
const firstCell = (caption: string) => `[...document.querySelectorAll('table')].find((t) => t.caption?.textContent === '${caption}')?.querySelector('tbody tr td')?.textContent`;

let browser: Browser;
beforeAll(async () => {
  if (!noBrowser) browser = await launch();
});
afterAll(async () => browser?.close());

describe.skipIf(noBrowser !== undefined)('the console lists', () => {
  it('should show negotiations and agreements newest first, page back to the oldest, and reach the one waiting for approval', async () => {
    const { page } = await openConsole(browser, '#/negotiations', api);
    await page.getByRole('row').filter({ hasText: 'waiting for you' }).waitFor();
    expect(await page.evaluate(firstCell('Negotiations'))).toBe('neg-119');
    expect(await page.evaluate(firstCell('Agreements'))).toBe('agr-119');
    await page.getByRole('link', { name: 'Older negotiations →' }).click();
    await page.getByRole('link', { name: '← Newer negotiations' }).waitFor();
    expect(await page.evaluate(firstCell('Negotiations'))).toBe('neg-69');
    await page.getByRole('link', { name: 'Older negotiations →' }).click();
    await page.getByRole('cell', { name: 'neg-0', exact: true }).waitFor();
    expect(await page.getByRole('link', { name: 'Older negotiations →' }).count()).toBe(0);
    await page.close();
  });

  it('should offer a transfer only on an active agreement in which this connector is the consumer, and say why one was revoked', async () => {
    const { page } = await openConsole(browser, '#/negotiations', api);
    await page.getByTestId('revocation').waitFor();
    expect(await page.getByTestId('revocation').textContent()).toBe(`Revoked by did:web:peer.example at ${AT}: <b>breach</b> of terms`);
    const transferOf = async (id: string) =>
      page
        .getByRole('row')
        .filter({ has: page.getByRole('cell', { name: id, exact: true }) })
        .getByRole('link', { name: 'Start a transfer' })
        .count();
    expect([await transferOf('agr-117'), await transferOf('agr-118'), await transferOf('agr-119')]).toEqual([1, 0, 0]);
    await page.close();
  });

  it('should show transfers and trainings newest first, with the older ones a page away', async () => {
    const { page } = await openConsole(browser, '#/transfers', api);
    await page.getByRole('link', { name: 'Older transfers →' }).waitFor();
    expect(await page.evaluate(firstCell('Transfers'))).toBe('tr-119');
    await page.getByRole('link', { name: 'Trainings' }).click();
    await page.getByRole('link', { name: 'Older trainings →' }).waitFor();
    expect(await page.evaluate(firstCell('Trainings'))).toBe('trn-119');
    await page.close();
  });
});
