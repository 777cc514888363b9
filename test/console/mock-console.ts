import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { CONSOLE_CSP } from '../../connector/api/routes/console-routes.js';

/**
 * The console in Chromium against a scripted management API: the console is built from its sources (not dist/), the
 * browser is served it and the API answers through request interception, so a test sets up exactly the lists and states
 * it needs and reads back every call the console made.
 */
export const CHROMIUM = '/usr/bin/chromium';
export const ORIGIN = 'http://console.test';
export const OWN_DID = 'did:web:me.example';
export const noBrowser = existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is absent (apt-get install -y chromium)`;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

/** Builds the console once per version of its sources, into a folder named by their hash. */
export function buildConsole(): string {
  const hash = createHash('sha256');
  for (const dir of ['console/src', 'console/static', 'console/tsconfig.json'].map((p) => join(ROOT, p))) {
    const names = dir.endsWith('.json') ? [''] : readdirSync(dir).sort();
    for (const name of names) hash.update(name).update(readFileSync(join(dir, name)));
  }
  const folder = join(tmpdir(), `kontor-console-${hash.digest('hex').slice(0, 16)}`);
  if (existsSync(join(folder, 'main.js'))) return folder;
  const work = mkdtempSync(join(tmpdir(), 'kontor-console-build-'));
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'console/tsconfig.json'), '--outDir', work]);
  cpSync(join(ROOT, 'console/static'), work, { recursive: true });
  try {
    renameSync(work, folder);
  } catch {
    rmSync(work, { recursive: true, force: true }); // another test file built the same sources meanwhile
  }
  return folder;
}

export const launch = (): Promise<Browser> => chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--renderer-process-limit=1'] });

export interface Call {
  method: string;
  /** Path and query, as the console asked. */
  path: string;
  body: unknown;
}
export type Answer = { status?: number; body?: unknown } | undefined;

/** A list route's answer (oldest first, as the API lists) for the offset and limit asked. */
export function pageOf(items: readonly unknown[], path: string): Answer {
  const query = new URL(path, ORIGIN).searchParams;
  const offset = Number(query.get('offset') ?? 0);
  const limit = Number(query.get('limit') ?? 50);
  return { body: { items: items.slice(offset, offset + limit), total: items.length, offset, limit } };
}

/** Opens the console, signed in, at `hash`; `api` answers each management call (unanswered: 404), identity answers OWN_DID. */
export async function openConsole(browser: Browser, hash: string, api: (call: Call) => Answer, options: { clock?: boolean } = {}): Promise<{ page: Page; calls: Call[] }> {
  const folder = buildConsole();
  const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  page.setDefaultTimeout(10_000);
  const calls: Call[] = [];
  await page.route(`${ORIGIN}/**`, async (route) => {
    const request = route.request();
    const url = new URL(request.url());
    if (url.pathname === '/console' || url.pathname.startsWith('/console/')) {
      const name = url.pathname === '/console' ? 'index.html' : url.pathname.slice('/console/'.length);
      if (!/^[\w.-]+$/.test(name) || !existsSync(join(folder, name))) return route.fulfill({ status: 404 });
      const headers = { 'content-type': TYPES[extname(name)] ?? 'application/octet-stream', 'content-security-policy': CONSOLE_CSP };
      return route.fulfill({ status: 200, headers, body: readFileSync(join(folder, name)) });
    }
    const call: Call = { method: request.method(), path: url.pathname + url.search, body: request.postData() ? request.postDataJSON() : undefined };
    calls.push(call);
    const answer = call.path === '/api/v1/identity' ? { body: { did: OWN_DID, kind: 'dev', authority: null } } : api(call);
    const problem = { status: 404, body: { title: 'Not Found', code: 'NOT_FOUND', detail: `no mock for ${call.method} ${call.path}` } };
    return route.fulfill({ status: answer?.status ?? (answer ? 200 : 404), contentType: 'application/json', body: JSON.stringify((answer ?? problem).body ?? {}) });
  });
  await page.addInitScript("sessionStorage.setItem('kontor.apiKey', 'test-key')");
  if (options.clock) await page.clock.install();
  await page.goto(`${ORIGIN}/console${hash}`);
  return { page, calls };
}
