import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, noBrowser, openConsole } from './mock-console.js';

/** The training and transfer pages while what they show is under way: read again every 3 s, in place. */
const TRAINING = '/api/v1/trainings/trn-1';
const training = (over: Record<string, unknown> = {}) => ({
  id: 'trn-1',
  state: 'RUNNING',
  purpose: 'https://w3id.org/kontor/purpose/research',
  rounds: 3,
  currentRound: 1,
  sites: [{ agreementId: 'agr-1', siteDid: 'did:web:site.example', status: 'active', missedRounds: 0 }],
  metrics: [],
  ...over,
});
const TRANSFER = '/api/v1/transfers/tr-1';
const transfer = (over: Record<string, unknown> = {}) => ({
  id: 'tr-1',
  role: 'consumer',
  state: 'REQUESTED',
  transferType: 'HttpData-PULL',
  assetId: 'asset-1',
  agreementId: 'agr-1',
  counterPartyId: 'did:web:peer.example',
  hasEdr: false,
  purpose: null,
  errorDetail: null,
  history: [{ state: 'REQUESTED', at: '2025-01-01T00:00:00.000Z' }],
  ...over,
});

let browser: Browser;
beforeAll(async () => {
  if (!noBrowser) browser = await launch();
});
afterAll(async () => browser?.close());

/** Marks the page's heading node: still marked later means the page was not built again. */
const markHeading = (page: Page) => page.evaluate("document.querySelector('main h1').kept = true");
const headingKept = (page: Page) => page.evaluate("document.querySelector('main h1')?.kept === true");

/** Records when (page clock) the page fetched what, and how many fetches are still open. */
const recordFetches = (page: Page) =>
  page.evaluate(`{
    const real = window.fetch; window.fetched = []; window.inFlight = 0;
    window.fetch = (url, init) => { window.fetched.push({ url: String(url), at: Date.now() }); window.inFlight += 1; return real(url, init).finally(() => { window.inFlight -= 1; }); };
  }`);
/** Runs the page clock for `ms` in half seconds, letting each read the page started arrive before going on. */
async function step(page: Page, ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 500) {
    await page.clock.runFor(500);
    await expect.poll(() => page.evaluate('window.inFlight')).toBe(0);
  }
}
/** The page-clock times at which `path` was read since recordFetches. */
const readTimes = async (page: Page, path: string) => ((await page.evaluate('window.fetched')) as { url: string; at: number }[]).filter((f) => f.url === path).map((f) => f.at);
const gaps = (times: number[]) => times.slice(1).map((at, i) => at - (times[i] as number));

describe.skipIf(noBrowser !== undefined)('pages of something under way', () => {
  it('should keep the outcome of Stop training and its error while the training is read again in place', async () => {
    let current = training();
    let stop: { status: number; body: unknown } = { status: 409, body: { title: 'Conflict', code: 'INVALID_STATE', detail: 'not now' } };
    const { page, calls } = await openConsole(
      browser,
      '#/trainings/trn-1',
      (call) => {
        if (call.path === TRAINING) return { body: current };
        if (call.path !== `${TRAINING}/stop`) return undefined;
        if (stop.status === 200) current = stop.body as typeof current;
        return stop;
      },
      { clock: true },
    );
    const reads = () => calls.filter((c) => c.path === TRAINING).length;
    await page.getByTestId('training-state').filter({ hasText: 'RUNNING' }).waitFor();
    await markHeading(page);
    await recordFetches(page);
    await page.getByRole('button', { name: 'Stop training' }).click();
    await page.getByRole('alert').filter({ hasText: 'INVALID_STATE: not now' }).waitFor();
    current = training({ currentRound: 2, metrics: [{ round: 1, accuracy: 0.5 }] });
    await step(page, 10_000);
    await page.getByText('2 / 3').waitFor(); // the round, read again in place
    const times = await readTimes(page, TRAINING);
    expect(times.length).toBeGreaterThanOrEqual(2);
    expect(Math.min(...gaps(times))).toBeGreaterThanOrEqual(3_000); // no faster than every 3 s
    expect(await page.getByRole('alert').textContent()).toBe('INVALID_STATE: not now');
    expect(await headingKept(page)).toBe(true);
    // Stopped: the outcome stays, and a training that ended is not read again.
    stop = { status: 200, body: training({ state: 'STOPPED', currentRound: 2 }) };
    await page.getByRole('button', { name: 'Stop training' }).click();
    await page.getByText('Stop training: done.').waitFor();
    await page.getByTestId('training-state').filter({ hasText: 'STOPPED' }).waitFor();
    const stopped = reads();
    await page.clock.runFor(10_000);
    expect(reads()).toBe(stopped);
    expect(await page.getByText('Stop training: done.').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Stop training' }).isVisible()).toBe(false);
    expect(await headingKept(page)).toBe(true);
    await page.close();
  });

  it('should read a starting transfer again in place every 3 s, keep the focus, and get over a failed read', async () => {
    let answer: { status?: number; body: unknown } = { body: transfer() };
    const { page, calls } = await openConsole(browser, '#/transfers/tr-1', (call) => (call.path === TRANSFER ? answer : undefined), { clock: true });
    const reads = () => calls.filter((c) => c.path === TRANSFER).length;
    await page.getByTestId('transfer-state').filter({ hasText: 'REQUESTED' }).waitFor();
    await markHeading(page);
    await recordFetches(page);
    await page.getByRole('button', { name: 'Refresh' }).focus();
    await step(page, 10_000);
    const times = await readTimes(page, TRANSFER);
    expect(times.length).toBeGreaterThanOrEqual(2);
    expect(Math.min(...gaps(times))).toBeGreaterThanOrEqual(3_000); // not every second
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Refresh');
    expect(await headingKept(page)).toBe(true);
    // A read that fails says so and the page keeps going.
    answer = { status: 503, body: { title: 'Service Unavailable', code: 'UNAVAILABLE', detail: 'busy' } };
    await page.clock.runFor(3_500);
    await page.getByText('Could not refresh: UNAVAILABLE: busy').waitFor();
    answer = { body: transfer({ state: 'STARTED', hasEdr: true, history: [...transfer().history, { state: 'STARTED', at: '2025-01-01T00:00:01.000Z' }] }) };
    await page.clock.runFor(3_500);
    await page.getByTestId('transfer-state').filter({ hasText: 'STARTED' }).waitFor();
    await page.getByRole('button', { name: 'Show EDR' }).waitFor();
    expect(await page.getByText('Could not refresh').count()).toBe(0);
    expect(await page.getByRole('cell', { name: 'STARTED' }).count()).toBe(1);
    expect(await headingKept(page)).toBe(true);
    const started = reads();
    await page.clock.runFor(10_000);
    expect(reads()).toBe(started); // started: no longer read
    await page.close();
  });
});
