import { describe, expect, it } from 'vitest';
import { parseHttpData } from './http-data-parse.js';

const refused = (address: Record<string, unknown>) => {
  try {
    parseHttpData({ type: 'HttpData', baseUrl: 'http://127.0.0.1:1/x', ...address });
  } catch (e) {
    return (e as { code: string; violations: { pointer: string }[] }).violations.map((v) => v.pointer);
  }
  return [];
};

describe('HttpData options as the asset is created', () => {
  it('should take the known options, switches as booleans or "true"/"false" strings', () => {
    const o = parseHttpData({
      type: 'HttpData',
      baseUrl: 'https://b.example/api?x=1',
      name: 'n',
      proxyPath: true,
      proxyQueryParams: 'true',
      proxyMethod: 'true',
      proxyBody: true,
      authKey: 'X-Api-Key',
      secretName: 'key-1',
      'header:X-Tenant': 't',
    });
    expect(o).toMatchObject({
      proxyPath: true,
      proxyQueryParams: true,
      proxyMethod: true,
      proxyBody: true,
      authSecret: { header: 'X-Api-Key', secretName: 'key-1' },
      headers: { 'X-Tenant': 't' },
    });
    expect(parseHttpData({ baseUrl: 'http://b.example', proxyPath: 'false' })).toMatchObject({ proxyPath: false, proxyQueryParams: false, headers: {} });
  });

  it('should refuse unknown options and malformed values, naming each', () => {
    expect(refused({ method: 'POST', queryParams: 'a=b' })).toEqual(['/dataAddress/method', '/dataAddress/queryParams']);
    expect(refused({ baseUrl: 'ftp://b.example/x' })).toEqual(['/dataAddress/baseUrl']);
    expect(refused({ proxyPath: 'yes', proxyMethod: 1 })).toEqual(['/dataAddress/proxyPath', '/dataAddress/proxyMethod']);
    expect(refused({ proxyBody: 'true' })).toEqual(['/dataAddress/proxyBody']);
  });

  it('should refuse hop-by-hop, framing, Host and Authorization headers, bad names and values with CR/LF', () => {
    for (const name of ['Host', 'authorization', 'Connection', 'Transfer-Encoding', 'Upgrade', 'TE', 'Keep-Alive', 'Proxy-Authorization', 'Content-Length']) {
      expect(refused({ [`header:${name}`]: 'v' })).toEqual([`/dataAddress/header:${name}`]);
    }
    expect(refused({ 'header:Bad Name': 'v', 'header:X-Ok': 'a\r\nX-Injected: 1', 'header:': 'v' })).toEqual([
      '/dataAddress/header:Bad Name',
      '/dataAddress/header:X-Ok',
      '/dataAddress/header:',
    ]);
  });

  it('should refuse credentials that clash or are incomplete', () => {
    expect(refused({ authCode: 'c' })).toEqual(['/dataAddress/authCode']);
    expect(refused({ authKey: 'X-Api-Key' })).toEqual(['/dataAddress/authKey']);
    expect(refused({ authKey: 'X-Api-Key', authCode: 'c', secretName: 's' })).toEqual(['/dataAddress/authKey']);
    expect(refused({ authKey: 'Connection', authCode: 'c' })).toEqual(['/dataAddress/authKey']);
    expect(refused({ authorization: 'Bearer a', authKey: 'X-Api-Key', authCode: 'c' })).toEqual(['/dataAddress/authorization']);
    expect(refused({ authKey: 'X-Api-Key', authCode: 'c', 'header:x-api-key': 'd' })).toEqual(['/dataAddress/header:x-api-key']);
    expect(refused({ 'oauth2:tokenUrl': 'http://t.example/token', 'oauth2:clientId': 'c', 'oauth2:clientSecretKey': 's', authKey: 'Authorization', authCode: 'x' })).toEqual([
      '/dataAddress/authKey',
    ]);
    // Kontor's own `authorization` is named as sent, never as EDC's authKey the client did not send.
    expect(refused({ 'oauth2:tokenUrl': 'http://t.example/token', 'oauth2:clientId': 'c', 'oauth2:clientSecretKey': 's', authorization: 'Bearer a' })).toEqual([
      '/dataAddress/authorization',
    ]);
    expect(refused({ oops: 1 })).toEqual(['/dataAddress/oops']);
    expect(refused({ 'oauth2:scope': 'read' })).toEqual(['/dataAddress/oauth2:tokenUrl', '/dataAddress/oauth2:clientId', '/dataAddress/oauth2:clientSecretKey']);
    expect(refused({ 'oauth2:tokenUrl': 'file:///etc/passwd', 'oauth2:clientId': 'c', 'oauth2:clientSecretKey': 's' })).toEqual(['/dataAddress/oauth2:tokenUrl']);
  });

  it('should take secret references only as plain names inside the secrets directory', () => {
    for (const name of ['../etc/passwd', '/etc/passwd', '.hidden', 'a/b', 'a\\b', '']) {
      expect(refused({ authKey: 'X-Api-Key', secretName: name })).toContain('/dataAddress/secretName');
      expect(refused({ 'oauth2:tokenUrl': 'http://t.example/token', 'oauth2:clientId': 'c', 'oauth2:clientSecretKey': name })).toContain('/dataAddress/oauth2:clientSecretKey');
    }
  });
});
