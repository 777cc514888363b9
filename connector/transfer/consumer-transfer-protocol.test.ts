import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorError } from '../../core/index.js';
import { transferUnit, type TransferUnit } from '../../test/helpers/transfer-unit.js';
import { consumerTransferProtocol } from './consumer-transfer-protocol.js';

let unit: TransferUnit;
afterEach(async () => unit.close());
const CTX = ['https://w3id.org/dspace/2025/1/context.jsonld'];
const address = (endpoint: string) => ({
  '@type': 'DataAddress',
  endpointType: 'https://w3id.org/idsa/v4.1/HTTP',
  endpoint,
  endpointProperties: [{ '@type': 'EndpointProperty', name: 'authorization', value: 'opaque-token' }],
});
const start = (consumerPid: string, fields: Record<string, unknown> = {}) => ({
  '@context': CTX,
  '@type': 'TransferStartMessage',
  providerPid: 'urn:uuid:p-1',
  consumerPid,
  dataAddress: address('http://provider.test/data'),
  ...fields,
});
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 'accepted',
    (e: unknown) => `${(e as ConnectorError).code}: ${(e as ConnectorError).detail}`,
  );

describe('consumer transfer protocol, inbound start', () => {
  it("should take a start that overtakes the acknowledgement of our request: REQUESTED then STARTED, with the provider's pid and the EDR", async () => {
    unit = await transferUnit();
    const t = await unit.seed({ role: 'consumer', state: 'REQUESTING' });
    const after = await consumerTransferProtocol(unit.deps).start(t, start(t.id));
    expect(after).toMatchObject({
      state: 'STARTED',
      providerPid: 'urn:uuid:p-1',
      correlationId: 'urn:uuid:p-1',
      edr: { endpoint: 'http://provider.test/data', token: 'opaque-token', authType: 'bearer' },
    });
    expect(after.history.map((h) => h.state)).toEqual(['REQUESTED', 'STARTED']);
    expect(unit.wakes).toBe(1);
  });

  it('should refuse a start in STARTED and keep the EDR it has (a provider cannot repoint a running transfer)', async () => {
    unit = await transferUnit();
    const edr = { endpoint: 'http://provider.test/data', token: 'opaque-token', authType: 'bearer' };
    const t = await unit.seed({ role: 'consumer', state: 'STARTED', providerPid: 'urn:uuid:p-1', edr });
    const moved = consumerTransferProtocol(unit.deps).start(t, start(t.id, { dataAddress: address('http://169.254.169.254/latest/meta-data') }));
    expect(await refusal(moved)).toMatch(/^INVALID_TRANSITION: the transfer is STARTED: a repeated TransferStartMessage may not name another endpoint/);
    const after = await unit.get(t.id);
    expect(after.edr).toEqual(edr);
    expect(after.version).toBe(t.version);
  });

  it('should take a start repeated in STARTED for the same endpoint (a provider that lost our answer in a crash), with its new token, staying STARTED', async () => {
    unit = await transferUnit();
    const t = await unit.seed({
      role: 'consumer',
      state: 'STARTED',
      providerPid: 'urn:uuid:p-1',
      edr: { endpoint: 'http://provider.test/data', token: 'old', authType: 'bearer' },
    });
    const again = { ...address('http://provider.test/data'), endpointProperties: [{ '@type': 'EndpointProperty', name: 'authorization', value: 'new' }] };
    const after = await consumerTransferProtocol(unit.deps).start(t, start(t.id, { dataAddress: again }));
    expect(after).toMatchObject({ state: 'STARTED', edr: { endpoint: 'http://provider.test/data', token: 'new' } });
    expect(after.history.filter((h) => h.state === 'STARTED')).toHaveLength(t.history.filter((h) => h.state === 'STARTED').length);
  });

  it('should take a start that overtakes our own resume (RESUMING), with its fresh data address', async () => {
    unit = await transferUnit();
    const t = await unit.seed({ role: 'consumer', state: 'RESUMING', providerPid: 'urn:uuid:p-1' });
    const after = await consumerTransferProtocol(unit.deps).start(t, start(t.id, { dataAddress: address('http://provider.test/data-2') }));
    expect(after).toMatchObject({ state: 'STARTED', edr: { endpoint: 'http://provider.test/data-2' } });
  });

  it('should take a push start without a data address: STARTED, no EDR', async () => {
    unit = await transferUnit();
    const t = await unit.seed({ role: 'consumer', state: 'REQUESTED', transferType: 'HttpData-PUSH' });
    const after = await consumerTransferProtocol(unit.deps).start(t, start(t.id, { dataAddress: undefined }));
    expect(after).toMatchObject({ state: 'STARTED', providerPid: 'urn:uuid:p-1' });
    expect(after.edr).toBeUndefined();
  });

  it.each([
    ['a start from another provider process', { role: 'consumer', state: 'REQUESTED', providerPid: 'urn:uuid:p-other' }, {}, /^NOT_FOUND: providerPid does not match/],
    [
      'a pull start without a data address',
      { role: 'consumer', state: 'REQUESTED' },
      { dataAddress: undefined },
      /^VALIDATION_FAILED: a pull TransferStartMessage needs a dataAddress/,
    ],
    [
      'a push start that carries a data address (nothing accepted and ignored)',
      { role: 'consumer', state: 'REQUESTED', transferType: 'HttpData-PUSH' },
      {},
      /^VALIDATION_FAILED: \/dataAddress: is not for an HttpData-PUSH transfer/,
    ],
    [
      'a data address that is no http(s) URL',
      { role: 'consumer', state: 'REQUESTED' },
      { dataAddress: address('file:///etc/passwd') },
      /^VALIDATION_FAILED: the dataAddress endpoint must be an http\(s\) URL/,
    ],
    [
      'a start of a completed transfer',
      { role: 'consumer', state: 'COMPLETED', providerPid: 'urn:uuid:p-1' },
      {},
      /^INVALID_TRANSITION: cannot start a transfer that is COMPLETED/,
    ],
  ] as const)('should refuse %s and change nothing', async (_case, seed, fields, reason) => {
    unit = await transferUnit();
    const t = await unit.seed(seed);
    expect(await refusal(consumerTransferProtocol(unit.deps).start(t, start(t.id, fields)))).toMatch(reason);
    expect((await unit.get(t.id)).version).toBe(t.version);
  });
});
