import { describe, expect, it } from 'vitest';
import { expandBody } from './edc-expand.js';
import { EdcNode } from './edc-node.js';
import { dataAddressFromEdc } from './edc-data-address.js';

const address = async (dataAddress: Record<string, unknown>) =>
  dataAddressFromEdc((await new EdcNode(await expandBody({ '@context': { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/' }, dataAddress })).node('dataAddress')) as EdcNode);
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: { violations: { pointer: string }[] }) => e.violations.map((v) => v.pointer),
  );

describe('EDC data addresses', () => {
  it("should take what Kontor's data plane honours, and EDC's authKey/authCode as Kontor's authorization", async () => {
    expect(await address({ type: 'HttpData', baseUrl: 'http://127.0.0.1:1/x', name: 'label', proxyPath: 'false', authKey: 'Authorization', authCode: 'Bearer s3cret' })).toEqual({
      type: 'HttpData',
      baseUrl: 'http://127.0.0.1:1/x',
      name: 'label',
      proxyPath: 'false',
      authorization: 'Bearer s3cret',
    });
  });

  it('should take the HttpData options EDC users set: proxy switches, oauth2:*, header:*, authKey with authCode or secretName', async () => {
    const full = {
      type: 'HttpData',
      baseUrl: 'http://127.0.0.1:1/x',
      proxyPath: 'true',
      proxyQueryParams: true,
      proxyMethod: 'true',
      proxyBody: 'true',
      'oauth2:tokenUrl': 'http://127.0.0.1:1/token',
      'oauth2:clientId': 'client',
      'oauth2:clientSecretKey': 'backend-secret',
      'oauth2:scope': 'read write',
      'header:X-Tenant': 't1',
    };
    expect(await address(full)).toEqual(full);
    expect(await address({ type: 'HttpData', baseUrl: 'http://x', authKey: 'X-Api-Key', authCode: 'k' })).toEqual({
      type: 'HttpData',
      baseUrl: 'http://x',
      authKey: 'X-Api-Key',
      authCode: 'k',
    });
    expect(await address({ type: 'HttpData', baseUrl: 'http://x', authKey: 'X-Api-Key', secretName: 'api-key' })).toEqual({
      type: 'HttpData',
      baseUrl: 'http://x',
      authKey: 'X-Api-Key',
      secretName: 'api-key',
    });
  });

  it('should refuse every option it cannot honour, and every invalid one, naming it, instead of storing and ignoring it', async () => {
    expect(await refusal(address({ type: 'HttpData', baseUrl: 'http://x', proxyPath: 'yes' }))).toEqual(['/dataAddress/proxyPath']);
    expect(await refusal(address({ '@context': { oauth2: 'urn:x:' }, type: 'HttpData', baseUrl: 'http://x', 'oauth2:clientId': 'c' }))).toEqual(['/dataAddress/urn:x:clientId']);
    expect(await refusal(address({ type: 'HttpData', baseUrl: 'http://x', 'oauth2:clientId': 'c' }))).toEqual([
      '/dataAddress/oauth2:tokenUrl',
      '/dataAddress/oauth2:clientSecretKey',
    ]);
    expect(await refusal(address({ type: 'HttpData', baseUrl: 'http://x', 'header:Host': 'evil', 'header:Connection': 'close' }))).toEqual([
      '/dataAddress/header:Connection',
      '/dataAddress/header:Host',
    ]);
    expect(await refusal(address({ type: 'HttpData', baseUrl: 'http://x', authKey: 'X-Api-Key' }))).toEqual(['/dataAddress/authKey']);
    expect(await refusal(address({ type: 'HttpData', baseUrl: 'http://x', method: 'POST' }))).toEqual(['/dataAddress/method']);
    expect(await refusal(address({ type: 'File', path: 'a.csv', method: 'GET' }))).toEqual(['/dataAddress/method']);
    expect(await refusal(address({ type: 'HttpData', baseUrl: { '@value': 'http://x', '@language': 'en' } }))).toEqual(['/dataAddress/baseUrl']);
  });

  it('should keep a type Kontor has no source for only with no options (a transfer of it then fails visibly)', async () => {
    expect(await address({ type: 'test' })).toEqual({ type: 'test' });
    expect(await refusal(address({ type: 'test', bucket: 'b' }))).toEqual(['/dataAddress/bucket']);
  });
});
