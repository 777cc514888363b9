import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { toConnectorError } from './error-middleware.js';
import type { JsonInputLimits } from './json-input.js';
import { parseJsonBody } from './parse-json-body.js';

const items = (n: number, item = '0') => Array.from({ length: n }, () => item).join(',');

describe('JSON bodies judged on their text before parsing', () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    const app = express();
    const route = (path: string, limits: JsonInputLimits) => app.post(path, ...parseJsonBody({ limit: 4 * 1024 * 1024 }, limits), (_req, res) => res.json({ ok: true }));
    route('/usual', {});
    route('/numbers-free', { freeNumberItems: true });
    app.use(((error, _req, res, _next) => {
      const mapped = toConnectorError(error);
      res.status(400).json({ code: mapped.code, detail: mapped.detail });
    }) as express.ErrorRequestHandler);
    server = http.createServer(app).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  afterEach(() => vi.restoreAllMocks());

  const post = async (path: string, body: string) => {
    const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return (await res.json()) as { ok?: true; code?: string; detail?: string };
  };
  /** Which texts of more than 1,000 characters JSON.parse was given while `send` ran. */
  const parsedDuring = async (send: () => Promise<unknown>) => {
    const parse = vi.spyOn(JSON, 'parse');
    const answer = await send();
    const texts = parse.mock.calls.map(([t]) => t).filter((t) => typeof t === 'string' && t.length > 1_000);
    return { answer, texts };
  };

  it('should refuse a body past the member cap without JSON.parse ever reading it', async () => {
    const body = `{"rows":[${items(1_000_000, '{}')}]}`; // 3 MB, a million members
    const { answer, texts } = await parsedDuring(() => post('/usual', body));
    expect(answer).toEqual({ code: 'VALIDATION_FAILED', detail: expect.stringMatching(/more than 10000 object members .* passed at \/rows\/9999$/) });
    expect(texts).toEqual([]);
    // The spy sees what it should: a body within the cap is parsed.
    const small = `{"rows":[${items(9_000, '{}')}]}`;
    expect(await parsedDuring(() => post('/usual', small))).toEqual({ answer: { ok: true }, texts: [small] });
  });

  it('should refuse a body nested too deep without JSON.parse reading it', async () => {
    const body = `${'['.repeat(500_000)}${']'.repeat(500_000)}`;
    const { answer, texts } = await parsedDuring(() => post('/usual', body));
    expect(answer).toEqual({ code: 'VALIDATION_FAILED', detail: 'the body nests deeper than 128 levels' });
    expect(texts).toEqual([]);
  });

  it('should answer the cap when the text breaks only after the cap was passed, and MALFORMED_JSON when it breaks before', async () => {
    expect(await post('/usual', `[${items(10_001)}, oops`)).toMatchObject({ code: 'VALIDATION_FAILED', detail: expect.stringMatching(/passed at \/10000$/) });
    expect(await post('/usual', `[0,,${items(20_000)}]`)).toMatchObject({ code: 'MALFORMED_JSON' });
  });

  it("should keep a route's own counting: numbers in arrays free where it says so, everything else counted", async () => {
    const numbers = `{"global":[${items(500_000, '-0.25')}]}`;
    expect(await post('/numbers-free', numbers)).toEqual({ ok: true });
    expect(await post('/usual', numbers)).toMatchObject({ code: 'VALIDATION_FAILED', detail: expect.stringMatching(/passed at \/global\/9999$/) });
    const { answer, texts } = await parsedDuring(() => post('/numbers-free', `{"global":[${items(500_000, '"0.25"')}]}`));
    expect(answer).toMatchObject({ code: 'VALIDATION_FAILED', detail: expect.stringMatching(/passed at \/global\/9999$/) });
    expect(texts).toEqual([]);
  });

  it('should judge a body in its charset (UTF-16 too) before parsing', async () => {
    const body = Buffer.from(`\ufeff[${items(10_001, '"é"')}]`, 'utf16le');
    const send = async () => (await fetch(`${base}/usual`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-16le' }, body })).json();
    const { answer, texts } = await parsedDuring(send);
    expect(answer).toMatchObject({ code: 'VALIDATION_FAILED', detail: expect.stringMatching(/passed at \/10000$/) });
    expect(texts).toEqual([]);
  });
});
