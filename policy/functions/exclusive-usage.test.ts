import { describe, expect, it } from 'vitest';
import { exclusiveUsageFunction as fn } from './exclusive-usage.js';
import { agent, run, status, validationOf } from './function-test-kit.js';

const c = (rightOperand: unknown = 'cx.exclusiveUsage.dataConsumer:1', operator = 'eq') => ({ leftOperand: 'cx-policy:ExclusiveUsage', operator, rightOperand });
const me = agent({ businessPartnerNumber: 'BPNL000000000001' });

describe('ExclusiveUsage', () => {
  it.each([
    ['no recipient: the consumer itself', {}, 'true'],
    ['recipient is the consumer DID', { recipient: 'did:web:consumer.example' }, 'true'],
    ['recipient is the consumer BPN', { recipient: 'BPNL000000000001' }, 'true'],
    ['recipient is someone else', { recipient: 'did:web:other.example' }, 'false'],
  ] as const)('%s', (_n, extra, expected) => {
    expect(status(fn, c(), { agent: me, ...extra })).toBe(expected);
  });
  it('names the other recipient', () => {
    expect(run(fn, c(), { agent: me, recipient: 'did:web:other.example' })).toMatchObject({ status: 'false', actual: 'did:web:other.example' });
  });
  it('no participant or a wrong operand is an error', () => {
    expect(status(fn, c())).toBe('error');
    expect(status(fn, c('cx.exclusiveUsage.everyone:1'), { agent: me })).toBe('error');
  });
  it('only eq cx.exclusiveUsage.dataConsumer:1 at creation', () => {
    expect(validationOf(fn, c())).toEqual([]);
    expect(validationOf(fn, c('x'))).toHaveLength(1);
    expect(validationOf(fn, c(undefined, 'neq'))).toHaveLength(1);
  });
});
