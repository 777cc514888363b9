import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorError } from '../../../core/index.js';
import { transferUnit, type TransferUnit } from '../../../test/helpers/transfer-unit.js';
import type { TransferProcess } from '../transfer-process.js';
import { peerPath, pids, sendToPeer } from './transfer-sender.js';

let unit: TransferUnit;
afterEach(async () => unit?.close());
const message = { '@type': 'TransferCompletionMessage' };

describe('transfer sender', () => {
  it("sendToPeer: POSTs under the peer's address with our token for it and returns the answer", async () => {
    unit = await transferUnit();
    const asked: string[] = [];
    unit.deps.auth = {
      ...unit.deps.auth,
      tokenFor: async (id: string) => {
        asked.push(id);
        return 't';
      },
    };
    unit.peer.answer = { status: 200, body: { state: 'COMPLETED' } };
    const t = await unit.seed({ role: 'consumer', state: 'COMPLETING', providerPid: 'urn:uuid:p 1' });
    expect(await sendToPeer(unit.deps, t, peerPath(t, 'completion'), message)).toEqual({ state: 'COMPLETED' });
    expect(unit.peer.received).toEqual([{ path: 'transfers/urn%3Auuid%3Ap%201/completion', body: message }]);
    expect(asked).toEqual([t.counterPartyId]);
  });

  it.each([
    [503, 'PEER_UNAVAILABLE', true],
    [404, 'PEER_UNAVAILABLE', true],
    [409, 'PEER_REJECTED', false],
  ] as const)('sendToPeer: an answer %i is %s (retryable %s)', async (status, code, retryable) => {
    unit = await transferUnit();
    unit.peer.answer = { status, body: { reason: ['busy'] } };
    const t = await unit.seed({ role: 'provider', state: 'STARTING' });
    const error = await sendToPeer(unit.deps, t, 'x', message).then(
      () => undefined,
      (e: unknown) => e as ConnectorError,
    );
    expect(error).toMatchObject({ code, retryable });
  });

  it("peerPath: the provider's pid for the consumer, the consumer's for the provider, encoded", () => {
    expect(peerPath({ role: 'consumer', consumerPid: 'c', providerPid: 'p/1' } as TransferProcess, 'start')).toBe('transfers/p%2F1/start');
    expect(peerPath({ role: 'provider', consumerPid: 'c:1', providerPid: 'p' } as TransferProcess, 'suspension')).toBe('transfers/c%3A1/suspension');
    expect(peerPath({ role: 'consumer', consumerPid: 'c' } as TransferProcess, 'termination')).toBe('transfers//termination');
  });

  it("pids: the provider's pid may be unknown yet (empty)", () => {
    expect(pids({ consumerPid: 'c' } as TransferProcess)).toEqual({ providerPid: '', consumerPid: 'c' });
  });
});
