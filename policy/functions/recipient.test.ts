import { describe, expect, it } from 'vitest';
import { agent, status } from './function-test-kit.js';
import { recipientFunction as fn } from './recipient.js';

const c = (operator: string, rightOperand: unknown) => ({ leftOperand: 'recipient', operator, rightOperand });

describe('recipient', () => {
  it.each([
    ['explicit recipient matches', c('eq', 'did:web:coordinator.example'), { recipient: 'did:web:coordinator.example' }, 'true'],
    ['defaults to the agent', c('eq', 'did:web:consumer.example'), { agent: agent() }, 'true'],
    ['someone else', c('eq', 'did:web:coordinator.example'), { agent: agent() }, 'false'],
    ['isAnyOf', c('isAnyOf', ['did:web:a', 'did:web:consumer.example']), { agent: agent() }, 'true'],
    ['isNoneOf', c('isNoneOf', ['did:web:consumer.example']), { agent: agent() }, 'false'],
    ['nobody named', c('eq', 'did:web:a'), {}, 'error'],
  ] as const)('%s', (_n, json, ctx, expected) => {
    expect(status(fn, json, ctx)).toBe(expected);
  });
});
