import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Call, launch, noBrowser, openConsole } from './mock-console.js';

const PEER = { counterPartyAddress: 'http://peer.example/api/dsp', counterPartyId: 'did:web:peer.example' };
const NEXT = 'http://peer.example/api/dsp/catalog/request?page=2';
const catalogPage = (ids: string[], next: string | null) => ({
  counterPartyId: PEER.counterPartyId,
  catalog: { dataset: ids.map((id) => ({ '@id': id, 'dct:title': `Title ${id}`, hasPolicy: [{ '@id': `offer-${id}`, permission: [{ action: 'use' }] }] })) },
  offers: ids.map((id) => ({ offerId: `offer-${id}`, datasetId: id, verified: true })),
  next,
});

let browser: Browser;
beforeAll(async () => {
  if (!noBrowser) browser = await launch();
});
afterAll(async () => browser?.close());

describe.skipIf(noBrowser !== undefined)('the console forms', () => {
  it("should fetch a peer's further offers with the catalog's next URL and add them below", async () => {
    const { page, calls } = await openConsole(browser, '#/catalog', (call: Call) => {
      if (call.path !== '/api/v1/catalog/request') return undefined;
      return { body: (call.body as { pageUrl?: string }).pageUrl === NEXT ? catalogPage(['b1', 'b2'], null) : catalogPage(['a1'], NEXT) };
    });
    await page.getByLabel('Peer DSP address').fill(PEER.counterPartyAddress);
    await page.getByLabel('Peer participant id (DID)').fill(PEER.counterPartyId);
    await page.getByRole('button', { name: 'Request catalog' }).click();
    await page.getByRole('button', { name: 'More offers' }).click();
    await page.getByRole('button', { name: 'Negotiate b2' }).waitFor();
    expect(await page.getByRole('button', { name: /^Negotiate / }).count()).toBe(3);
    expect(await page.getByRole('button', { name: 'More offers' }).count()).toBe(0);
    expect(calls.map((c) => c.body)).toEqual([PEER, { ...PEER, pageUrl: NEXT }]);
    await page.close();
  });

  it('should ask for a destination on a push only, and send it with the authorization given', async () => {
    const { page, calls } = await openConsole(browser, '#/transfers?agreement=agr-1', (call) => {
      if (call.path.startsWith('/api/v1/transfers?')) return { body: { items: [], total: 0 } };
      if (call.method === 'POST' && call.path === '/api/v1/transfers') return { status: 201, body: { id: 'tr-1' } };
      return undefined;
    });
    await page.getByLabel('Agreement id').waitFor();
    expect(await page.getByLabel('Destination URL').isVisible()).toBe(false);
    await page.getByLabel('Transfer type').selectOption('HttpData-PUSH');
    await page.getByLabel('Destination URL').fill('https://receiver.example/inbox');
    await page.getByLabel('Destination authorization').fill('s3cret');
    await page.getByRole('button', { name: 'Start transfer' }).click();
    await page.waitForURL(/#\/transfers\/tr-1$/);
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      agreementId: 'agr-1',
      transferType: 'HttpData-PUSH',
      purpose: 'https://w3id.org/kontor/purpose/research',
      dataDestination: { endpoint: 'https://receiver.example/inbox', authorization: 's3cret' },
    });
    await page.close();
  });

  it('should show why a transfer was terminated, as text', async () => {
    const reason = '<script>document.title=1</script> agreement revoked';
    const transfer = { id: 'tr-1', role: 'consumer', state: 'TERMINATED', transferType: 'HttpData-PULL', assetId: 'a', agreementId: 'agr-1', counterPartyId: 'did:web:p' };
    const { page } = await openConsole(browser, '#/transfers/tr-1', (call) =>
      call.path === '/api/v1/transfers/tr-1' ? { body: { ...transfer, hasEdr: false, purpose: null, errorDetail: null, terminationReason: reason, history: [] } } : undefined,
    );
    await page.getByTestId('termination-reason').filter({ hasText: 'agreement revoked' }).waitFor();
    expect(await page.getByTestId('termination-reason').textContent()).toBe(reason);
    await page.close();
  });
});
