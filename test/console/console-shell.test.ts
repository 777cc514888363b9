import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_CSP } from '../../connector/api/routes/console-routes.js';
import { launch, noBrowser, openConsole } from './mock-console.js';

let browser: Browser;
beforeAll(async () => {
  if (!noBrowser) browser = await launch();
});
afterAll(async () => browser?.close());

describe.skipIf(noBrowser !== undefined)('the console shell', () => {
  it('should say a link with a broken percent-escape is broken, with the pages still at hand', async () => {
    const { page } = await openConsole(browser, '#/negotiations/urn%3Auuid%3A1bc%', () => undefined);
    await page.getByRole('alert').filter({ hasText: 'This link is broken' }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Negotiations');
    await page.getByRole('navigation').getByRole('link', { name: 'Catalog' }).click();
    await page.getByRole('heading', { name: 'Catalog' }).waitFor();
    await page.close();
  });

  it('should declare an inline icon the CSP allows (so a browser has no /favicon.ico to ask for)', async () => {
    const { page } = await openConsole(browser, '#/catalog', () => undefined);
    await page.getByRole('heading', { name: 'Catalog' }).waitFor();
    expect(await page.evaluate(`document.querySelector('link[rel="icon"]')?.getAttribute('href')`)).toBe('data:,');
    expect(CONSOLE_CSP).toMatch(/img-src [^;]*\bdata:/);
    await page.close();
  });
});
