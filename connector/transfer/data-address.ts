import { decodeJwt } from 'jose';
import { ConnectorError } from '../../core/index.js';
import type { DspDataAddress, EndpointDataReference } from './transfer-process.js';

export const HTTP_ENDPOINT_TYPE = 'https://w3id.org/idsa/v4.1/HTTP';
export const REFRESH_ENDPOINT_PROPERTY = 'https://w3id.org/kontor/vocab#refreshEndpoint';
/** The endpoint a FederatedTraining start announces (connector/training/training-flows.ts sets it). */
export const TRAINING_ENDPOINT_TYPE = 'https://w3id.org/kontor/fl/TrainingEndpoint';

/**
 * What an inbound DataAddress may say: the endpoint types and property names Kontor reads (edrFrom, the push
 * destination's authorizationHeader), which are also what Kontor, the DSP TCK and EDC-style peers send. Anything
 * else would be stored and never used, so it is refused.
 */
export const START_ENDPOINT_TYPES = [HTTP_ENDPOINT_TYPE, TRAINING_ENDPOINT_TYPE] as const;
export const START_PROPERTY_NAMES = ['authorization', 'authType', REFRESH_ENDPOINT_PROPERTY] as const;
export const DESTINATION_ENDPOINT_TYPES = [HTTP_ENDPOINT_TYPE] as const;
export const DESTINATION_PROPERTY_NAMES = ['authorization', 'authType'] as const;
/** The properties whose values go into an HTTP header (authorizationHeader, the consumer's pull): header characters only. */
export const HEADER_PROPERTY_NAMES = ['authorization', 'authType'] as const;

const property = (name: string, value: string) => ({ '@type': 'EndpointProperty' as const, name, value });

/** An HTTP DataAddress with a bearer credential (the pull EDR the provider sends, or a push destination). */
export function httpDataAddress(input: {
  endpoint: string;
  authorization?: string | undefined;
  authType?: string | undefined;
  refreshEndpoint?: string | undefined;
}): DspDataAddress {
  const props = [
    ...(input.authorization !== undefined ? [property('authorization', input.authorization), property('authType', input.authType ?? 'bearer')] : []),
    ...(input.refreshEndpoint ? [property(REFRESH_ENDPOINT_PROPERTY, input.refreshEndpoint)] : []),
  ];
  return { '@type': 'DataAddress', endpointType: HTTP_ENDPOINT_TYPE, endpoint: input.endpoint, ...(props.length > 0 ? { endpointProperties: props } : {}) };
}

export function propertyOf(address: DspDataAddress, name: string): string | undefined {
  return address.endpointProperties?.find((p) => p.name === name)?.value;
}

/** The consumer's endpoint data reference from a pull DataAddress; the token's expiry is read from it when it is a JWT. */
export function edrFrom(address: DspDataAddress): EndpointDataReference {
  const token = propertyOf(address, 'authorization');
  if (!address.endpoint) throw new ConnectorError('VALIDATION_FAILED', { detail: 'a pull TransferStartMessage needs a dataAddress with an endpoint' });
  if (!/^https?:\/\//.test(address.endpoint)) throw new ConnectorError('VALIDATION_FAILED', { detail: 'the dataAddress endpoint must be an http(s) URL' });
  const refreshEndpoint = propertyOf(address, REFRESH_ENDPOINT_PROPERTY);
  const expiresAt = token ? tokenExpiry(token) : undefined;
  return {
    endpoint: address.endpoint,
    ...(token ? { token } : {}),
    authType: propertyOf(address, 'authType') ?? 'bearer',
    ...(refreshEndpoint ? { refreshEndpoint } : {}),
    ...(expiresAt ? { expiresAt } : {}),
  };
}

/** Epoch ms of a JWT's `exp`, or undefined for an opaque token. */
export function tokenExpiry(token: string): number | undefined {
  try {
    const exp = decodeJwt(token).exp;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** The Authorization header value for an HTTP DataAddress: `Bearer <token>` for authType bearer, else the value as is. */
export function authorizationHeader(address: DspDataAddress): string | undefined {
  const value = propertyOf(address, 'authorization');
  if (value === undefined) return undefined;
  return (propertyOf(address, 'authType') ?? 'bearer').toLowerCase() === 'bearer' ? `Bearer ${value}` : value;
}
