import { describe, expect, it } from 'vitest';
import { assigneeFunction as fn } from './assignee.js';
import { agent, status } from './function-test-kit.js';

const c = (operator: string, rightOperand: unknown) => ({ leftOperand: 'assignee', operator, rightOperand });
const withBpn = agent({ businessPartnerNumber: 'BPNL000000000001' });

describe('assignee', () => {
  it.each([
    ['by DID', c('eq', 'did:web:consumer.example'), withBpn, 'true'],
    ['by BPN', c('eq', 'BPNL000000000001'), withBpn, 'true'],
    ['other party', c('eq', 'did:web:other'), withBpn, 'false'],
    ['neq other', c('neq', 'did:web:other'), withBpn, 'true'],
    ['isAnyOf', c('isAnyOf', ['did:web:x', 'BPNL000000000001']), withBpn, 'true'],
    ['isNoneOf hit', c('isNoneOf', ['did:web:consumer.example']), withBpn, 'false'],
    ['no agent', c('eq', 'did:web:consumer.example'), undefined, 'error'],
  ] as const)('%s', (_n, json, a, expected) => {
    expect(status(fn, json, a ? { agent: a } : {})).toBe(expected);
  });
});
