import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorError } from '../../core/index.js';
import { negotiationUnit, type NegotiationUnit } from '../../test/helpers/negotiation-unit.js';
import type { ContractNegotiation } from './contract-negotiation.js';
import { receiveTermination } from './negotiation-termination.js';

let unit: NegotiationUnit;
afterEach(async () => unit.close());
const CTX = ['https://w3id.org/dspace/2025/1/context.jsonld'];
const termination = (n: ContractNegotiation, fields: Record<string, unknown> = {}) => ({
  '@context': CTX,
  '@type': 'ContractNegotiationTerminationMessage',
  providerPid: n.providerPid ?? n.id,
  consumerPid: n.consumerPid,
  ...fields,
});
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 'accepted',
    (e: unknown) => `${(e as ConnectorError).code}: ${(e as ConnectorError).detail}`,
  );

describe('receiveTermination', () => {
  it("ends a live negotiation at once: TERMINATED with the peer's code and reasons, waiting cleared, reported as changed", async () => {
    const changes: [string | undefined, string][] = [];
    unit = await negotiationUnit({ overrides: { onChanged: (before, after) => void changes.push([before?.state, after.state]) } });
    const n = await unit.seed({ role: 'provider', state: 'REQUESTED', pending: true });
    const after = await receiveTermination(unit.deps, n, termination(n, { code: 'E42', reason: ['no budget', { '@value': 'structured' }] }));
    expect(after).toMatchObject({ state: 'TERMINATED', pending: false, terminationReason: 'E42; no budget; {"@value":"structured"}' });
    expect(after.history.at(-1)).toEqual({ state: 'TERMINATED', at: unit.clock.now(), cause: 'ContractNegotiationTerminationMessage received' });
    expect(await unit.get(n.id)).toMatchObject({ state: 'TERMINATED', version: n.version + 1 });
    expect(changes).toEqual([['REQUESTED', 'TERMINATED']]);
  });

  it('names a default reason when the peer gives none', async () => {
    unit = await negotiationUnit();
    const n = await unit.seed({ role: 'consumer', state: 'VERIFYING', providerPid: 'urn:uuid:p-1' });
    expect((await receiveTermination(unit.deps, n, termination(n))).terminationReason).toBe('terminated by the counterparty');
  });

  it.each(['FINALIZED', 'TERMINATED'] as const)('refuses a termination of a %s negotiation (INVALID_TRANSITION) and changes nothing', async (state) => {
    unit = await negotiationUnit();
    const n = await unit.seed({ role: 'provider', state });
    expect(await refusal(receiveTermination(unit.deps, n, termination(n)))).toMatch(`INVALID_TRANSITION: a termination message is not valid while this negotiation is ${state}`);
    expect((await unit.get(n.id)).version).toBe(n.version);
  });

  it('refuses a malformed message before looking at the state', async () => {
    unit = await negotiationUnit();
    const n = await unit.seed({ role: 'provider', state: 'FINALIZED' });
    expect(await refusal(receiveTermination(unit.deps, n, termination(n, { reason: 'not a list' })))).toMatch(/^VALIDATION_FAILED: .*\/reason/);
  });

  it("checks the stored state, not the caller's copy: a negotiation finalized meanwhile is not terminated", async () => {
    unit = await negotiationUnit();
    const n = await unit.seed({ role: 'provider', state: 'FINALIZING' });
    await unit.stores.negotiations.save({ ...n, state: 'FINALIZED' });
    expect(await refusal(receiveTermination(unit.deps, n, termination(n)))).toMatch(/^INVALID_TRANSITION: .*FINALIZED/);
    expect((await unit.get(n.id)).state).toBe('FINALIZED');
  });
});
