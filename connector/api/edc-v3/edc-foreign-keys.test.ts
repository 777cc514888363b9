import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { assetFromEdc } from './edc-asset.js';
import { readBody } from './edc-http.js';

const HTTP_EDC = 'http://w3id.org/edc/v0.0.1/ns/';
/** What POST /management/v3/assets does with a body: read it, then take the asset from it. */
const createAsset = async (body: unknown) => assetFromEdc((await readBody({ body } as Request)) as NonNullable<Awaited<ReturnType<typeof readBody>>>, 'a1');
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: { code: string; violations: unknown[] }) => ({ code: e.code, violations: e.violations }),
  );

describe('v3 body keys that expand outside the EDC namespace', () => {
  it('should name each key as written and what it expanded to (an http: @vocab), not report dataAddress as missing', async () => {
    const body = { '@context': { '@vocab': HTTP_EDC }, '@id': 'a1', properties: { name: 'A' }, dataAddress: { type: 'HttpData', baseUrl: 'https://example.org/a' } };
    expect(await refusal(createAsset(body))).toEqual({
      code: 'VALIDATION_FAILED',
      violations: [
        { pointer: '/properties', message: expect.stringContaining(`expands to '${HTTP_EDC}properties' under the body's @context: not a property Kontor's EDC v3 layer reads`) },
        { pointer: '/dataAddress', message: expect.stringContaining(`expands to '${HTTP_EDC}dataAddress'`) },
      ],
    });
  });

  it('should name a prefixed key and a full IRI the same way, and read a body whose keys are EDC terms', async () => {
    const prefixed = { '@context': { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/', ex: 'urn:ex:' }, 'ex:dataAddress': { type: 'HttpData' } };
    expect(await refusal(createAsset(prefixed))).toMatchObject({
      violations: [{ pointer: '/ex:dataAddress', message: expect.stringContaining("expands to 'urn:ex:dataAddress'") }],
    });
    expect(await refusal(createAsset({ 'http://example.com/x': 1, dataAddress: { type: 'HttpData', baseUrl: 'https://example.org/a' } }))).toMatchObject({
      violations: [{ pointer: '/http:~1~1example.com~1x', message: expect.stringContaining("expands to 'http://example.com/x'") }],
    });
    const asset = await createAsset({ '@context': { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/' }, dataAddress: { type: 'HttpData', baseUrl: 'https://example.org/a' } });
    expect(asset.dataAddress).toMatchObject({ type: 'HttpData', baseUrl: 'https://example.org/a' });
  });
});
