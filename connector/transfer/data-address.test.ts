import { UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import type { ConnectorError } from '../../core/index.js';
import { authorizationHeader, edrFrom, HTTP_ENDPOINT_TYPE, httpDataAddress, propertyOf, REFRESH_ENDPOINT_PROPERTY, tokenExpiry } from './data-address.js';
import type { DspDataAddress } from './transfer-process.js';

const jwtExpiringAt = (exp: number) => new UnsecuredJWT({ sub: 'x' }).setExpirationTime(exp).encode();
const refusal = (f: () => unknown) => {
  try {
    f();
    return 'accepted';
  } catch (error) {
    return `${(error as ConnectorError).code}: ${(error as ConnectorError).detail}`;
  }
};

describe('httpDataAddress', () => {
  it('builds the DSP DataAddress: endpoint, bearer authorization and the refresh endpoint as endpoint properties', () => {
    expect(httpDataAddress({ endpoint: 'https://p.test/data', authorization: 'tok', refreshEndpoint: 'https://p.test/refresh' })).toEqual({
      '@type': 'DataAddress',
      endpointType: HTTP_ENDPOINT_TYPE,
      endpoint: 'https://p.test/data',
      endpointProperties: [
        { '@type': 'EndpointProperty', name: 'authorization', value: 'tok' },
        { '@type': 'EndpointProperty', name: 'authType', value: 'bearer' },
        { '@type': 'EndpointProperty', name: REFRESH_ENDPOINT_PROPERTY, value: 'https://p.test/refresh' },
      ],
    });
  });

  it('leaves out endpointProperties when there are none (the DSP schema wants at least one when present)', () => {
    expect(httpDataAddress({ endpoint: 'https://p.test/data' })).toEqual({ '@type': 'DataAddress', endpointType: HTTP_ENDPOINT_TYPE, endpoint: 'https://p.test/data' });
  });

  it('keeps another auth type as given', () => {
    expect(propertyOf(httpDataAddress({ endpoint: 'https://p', authorization: 'k', authType: 'apikey' }), 'authType')).toBe('apikey');
  });
});

describe("edrFrom (the consumer's endpoint data reference of a pull)", () => {
  it('reads endpoint, token, auth type, refresh endpoint, and the expiry of a JWT token in epoch ms', () => {
    const token = jwtExpiringAt(1_900_000_000);
    expect(edrFrom(httpDataAddress({ endpoint: 'https://p.test/data', authorization: token, refreshEndpoint: 'https://p.test/r' }))).toEqual({
      endpoint: 'https://p.test/data',
      token,
      authType: 'bearer',
      refreshEndpoint: 'https://p.test/r',
      expiresAt: 1_900_000_000_000,
    });
  });

  it('takes an opaque token without an expiry, and no token at all (the DSP makes it optional)', () => {
    expect(edrFrom(httpDataAddress({ endpoint: 'http://p.test/data', authorization: 'opaque' }))).toEqual({ endpoint: 'http://p.test/data', token: 'opaque', authType: 'bearer' });
    expect(edrFrom(httpDataAddress({ endpoint: 'http://p.test/data' }))).toEqual({ endpoint: 'http://p.test/data', authType: 'bearer' });
  });

  it.each([
    ['no endpoint', { '@type': 'DataAddress', endpointType: HTTP_ENDPOINT_TYPE }, /needs a dataAddress with an endpoint/],
    ['a file URL', { '@type': 'DataAddress', endpointType: HTTP_ENDPOINT_TYPE, endpoint: 'file:///etc/passwd' }, /must be an http\(s\) URL/],
    ['a relative endpoint', { '@type': 'DataAddress', endpointType: HTTP_ENDPOINT_TYPE, endpoint: '/data' }, /must be an http\(s\) URL/],
  ] as const)('refuses %s (VALIDATION_FAILED)', (_case, address, reason) => {
    expect(refusal(() => edrFrom(address as DspDataAddress))).toMatch(new RegExp(`^VALIDATION_FAILED: .*${reason.source}`));
  });
});

describe('tokenExpiry and authorizationHeader', () => {
  it('tokenExpiry: the exp of a JWT; undefined for an opaque token or a JWT without exp', () => {
    expect(tokenExpiry(jwtExpiringAt(1_800_000_000))).toBe(1_800_000_000_000);
    expect(tokenExpiry('not-a-jwt')).toBeUndefined();
    expect(tokenExpiry(new UnsecuredJWT({ sub: 'x' }).encode())).toBeUndefined();
  });

  it('authorizationHeader: Bearer for bearer (any case), the value as is for another type, none without authorization', () => {
    expect(authorizationHeader(httpDataAddress({ endpoint: 'https://p', authorization: 't' }))).toBe('Bearer t');
    expect(authorizationHeader(httpDataAddress({ endpoint: 'https://p', authorization: 't', authType: 'BEARER' }))).toBe('Bearer t');
    expect(authorizationHeader(httpDataAddress({ endpoint: 'https://p', authorization: 'Basic abc', authType: 'basic' }))).toBe('Basic abc');
    expect(authorizationHeader(httpDataAddress({ endpoint: 'https://p' }))).toBeUndefined();
  });
});
