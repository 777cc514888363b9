import { describe, expect, it } from 'vitest';
import type { ConnectorError } from '../../../core/index.js';
import { checkPlainPolicyContext } from './plain-policy-context.js';

const verdict = (context: unknown) => {
  try {
    checkPlainPolicyContext({ '@context': context, permission: [{ action: 'use' }] });
    return 'accepted';
  } catch (error) {
    const e = error as ConnectorError;
    return { code: e.code, pointers: e.violations?.map((v) => v.pointer) };
  }
};

describe('the @context of a policy the engine reads as written', () => {
  it.each([
    ['none', undefined],
    ['the ODRL context', 'https://www.w3.org/ns/odrl.jsonld'],
    ['the ODRL context over http, with prefixes', ['http://www.w3.org/ns/odrl.jsonld', { ex: 'https://example.org/', cx: 'urn:cx:' }]],
    ['the DSP 2025-1 context', ['https://w3id.org/dspace/2025/1/context.jsonld']],
  ])('accepts %s', (_case, context) => {
    expect(verdict(context)).toBe('accepted');
  });

  it.each([
    ['another context URL', 'https://evil.example/ctx', ['/@context']],
    ['a term definition', { permission: 'http://evil/x' }, ['/@context/permission']],
    ['a vocabulary', [{ '@vocab': 'https://w3id.org/edc/v0.0.1/ns/' }], ['/@context/0/@vocab']],
    ['a number and an object term', [1, { a: { '@id': 5 } }], ['/@context/0', '/@context/1/a']],
  ])('refuses %s, naming it', (_case, context, pointers) => {
    expect(verdict(context)).toEqual({ code: 'VALIDATION_FAILED', pointers });
  });
});
