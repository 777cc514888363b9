import { UnsecuredJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorError } from '../../core/index.js';
import { transferUnit, type TransferUnit } from '../../test/helpers/transfer-unit.js';
import { transferEdr } from './transfer-edr.js';
import type { EndpointDataReference } from './transfer-process.js';

let unit: TransferUnit;
afterEach(async () => unit.close());
const seconds = (ms: number) => Math.floor(ms / 1000);
const jwtUntil = (expMs: number) => new UnsecuredJWT({ sub: 'consumer' }).setExpirationTime(seconds(expMs)).encode();
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 'served',
    (e: unknown) => `${(e as ConnectorError).code}: ${(e as ConnectorError).detail}`,
  );

async function started(edr: Partial<EndpointDataReference>) {
  unit = await transferUnit();
  return unit.seed({ role: 'consumer', state: 'STARTED', edr: { endpoint: 'http://provider.test/data', authType: 'bearer', token: 'old', ...edr } });
}

describe('transferEdr (consumer side, pull)', () => {
  it('returns the stored EDR as it is while its token has more than the margin left, asking nobody', async () => {
    const t = await started({ refreshEndpoint: 'http://unused.test/refresh' });
    unit.clock.set(1_000_000_000_000);
    const edr = { endpoint: 'http://provider.test/data', authType: 'bearer', token: 'old', refreshEndpoint: `${unit.peer.url}/refresh`, expiresAt: unit.clock.now() + 31_000 };
    await unit.stores.transfers.save({ ...(await unit.get(t.id)), edr });
    expect(await transferEdr(unit.deps)(t.id)).toEqual(edr);
    expect(unit.peer.received).toEqual([]);
  });

  it('exchanges a token about to lapse at the refresh endpoint, stores the fresh one with its expiry, and reports the change', async () => {
    const t = await started({});
    const changes: string[] = [];
    unit.deps.onChanged = (_before, after) => void changes.push(after.edr?.token ?? '');
    const fresh = jwtUntil(unit.clock.now() + 600_000);
    unit.peer.answer = { status: 200, body: { token: fresh } };
    await unit.stores.transfers.save({
      ...(await unit.get(t.id)),
      edr: { endpoint: 'http://provider.test/data', authType: 'bearer', token: 'old', refreshEndpoint: `${unit.peer.url}/refresh`, expiresAt: unit.clock.now() + 30_000 },
    });
    const edr = await transferEdr(unit.deps)(t.id);
    expect(edr).toEqual({
      endpoint: 'http://provider.test/data',
      authType: 'bearer',
      token: fresh,
      refreshEndpoint: `${unit.peer.url}/refresh`,
      expiresAt: seconds(unit.clock.now() + 600_000) * 1000,
    });
    expect(unit.peer.received).toEqual([{ path: 'refresh', body: {} }]);
    expect((await unit.get(t.id)).edr).toEqual(edr);
    expect(changes).toEqual([fresh]);
  });

  it('returns an expired token as it is when the provider offers no refresh endpoint', async () => {
    const t = await started({ expiresAt: 0 });
    expect(await transferEdr(unit.deps)(t.id)).toMatchObject({ token: 'old', expiresAt: 0 });
  });

  it('refuses a refresh answered without a token (PEER_REJECTED) and keeps the stored EDR', async () => {
    const t = await started({});
    await unit.stores.transfers.save({
      ...(await unit.get(t.id)),
      edr: { endpoint: 'http://provider.test/data', authType: 'bearer', token: 'old', refreshEndpoint: unit.peer.url, expiresAt: 0 },
    });
    unit.peer.answer = { status: 200, body: { token: '' } };
    expect(await refusal(transferEdr(unit.deps)(t.id))).toBe('PEER_REJECTED: the provider answered the token refresh without a token');
    expect((await unit.get(t.id)).edr?.token).toBe('old');
  });

  it.each([
    ['a provider transfer', { role: 'provider', state: 'STARTED' }, /^VALIDATION_FAILED: .*not a pull transfer we consume/],
    ['a push transfer', { role: 'consumer', state: 'STARTED', transferType: 'HttpData-PUSH' }, /^VALIDATION_FAILED: /],
    [
      'a suspended pull',
      { role: 'consumer', state: 'SUSPENDED', edr: { endpoint: 'http://p', authType: 'bearer' } },
      /^INVALID_TRANSITION: .*is SUSPENDED: no data address to use/,
    ],
    ['a started pull without an EDR', { role: 'consumer', state: 'STARTED' }, /^INVALID_TRANSITION: /],
  ] as const)('refuses %s', async (_case, fields, reason) => {
    unit = await transferUnit();
    const t = await unit.seed(fields);
    expect(await refusal(transferEdr(unit.deps)(t.id))).toMatch(reason);
  });

  it('NOT_FOUND for an unknown transfer', async () => {
    unit = await transferUnit();
    expect(await refusal(transferEdr(unit.deps)('urn:uuid:nope'))).toMatch(/^NOT_FOUND: /);
  });
});
