import { describe, expect, it } from 'vitest';
import { purposeFunction as fn } from './purpose.js';
import { run, status, validationOf } from './function-test-kit.js';

const c = (operator: string, rightOperand: unknown, leftOperand = 'purpose') => ({ leftOperand, operator, rightOperand });
const FT = 'https://w3id.org/kontor/purpose/federated-training';

describe('purpose', () => {
  it.each([
    ['same purpose isA', c('isA', { '@id': 'purpose:research' }), 'purpose:research', 'true'],
    ['narrower satisfies broader (isA)', c('isA', { '@id': 'purpose:research' }), FT, 'true'],
    ['transitively broader (DPV)', c('isA', { '@id': 'dpv:ResearchAndDevelopment' }), 'purpose:federated-training', 'true'],
    ['broader does not satisfy narrower', c('isA', { '@id': 'purpose:federated-training' }), 'purpose:research', 'false'],
    ['unrelated', c('isA', 'purpose:research'), 'purpose:logistics', 'false'],
    ['eq is exact', c('eq', 'purpose:research'), 'purpose:federated-training', 'false'],
    ['isAnyOf with hierarchy', c('isAnyOf', ['purpose:logistics', 'purpose:research']), 'purpose:federated-evaluation', 'true'],
    ['isNoneOf with hierarchy', c('isNoneOf', ['purpose:research']), 'purpose:federated-training', 'false'],
    ['isNoneOf unrelated', c('isNoneOf', ['purpose:research']), 'purpose:logistics', 'true'],
    ['no purpose declared', c('isA', 'purpose:research'), undefined, 'error'],
    ['CX UsagePurpose listed', c('isAnyOf', ['cx.pcf.base:1', 'cx.quality.base:1'], 'cx-policy:UsagePurpose'), 'cx.quality.base:1', 'true'],
    ['CX UsagePurpose not listed', c('isAnyOf', ['cx.pcf.base:1'], 'https://w3id.org/catenax/policy/UsagePurpose'), 'cx.puris.base:1', 'false'],
    ['CX 2025/9 namespace', c('isAnyOf', ['cx.pcf.base:1'], 'https://w3id.org/catenax/2025/9/policy/UsagePurpose'), 'cx.pcf.base:1', 'true'],
    ['number is a type mismatch', c('eq', 5), 'purpose:research', 'error'],
  ] as const)('%s', (_n, json, purpose, expected) => {
    expect(status(fn, json, purpose === undefined ? {} : { purpose })).toBe(expected);
  });

  it('names the purpose it saw', () => {
    expect(run(fn, c('isAnyOf', ['cx.pcf.base:1'], 'cx-policy:UsagePurpose'), { purpose: 'cx.puris.base:1' })).toMatchObject({
      actual: 'cx.puris.base:1',
      expected: ['cx.pcf.base:1'],
    });
  });

  it('validation rejects ordering operators', () => {
    expect(validationOf(fn, c('lt', 'purpose:research'))).toHaveLength(1);
  });

  it('shows the declared purpose in the form the policy writes its purposes, so a mismatch never reads as a match', () => {
    const RESEARCH = 'https://w3id.org/kontor/purpose/research';
    // A bare word is not the IRI purpose:research: the denial shows the declared purpose in full.
    expect(run(fn, c('eq', 'research'), { purpose: RESEARCH })).toMatchObject({ status: 'false', actual: RESEARCH, expected: 'research' });
    // A full IRI in the policy: the declared purpose in full too.
    expect(run(fn, c('eq', RESEARCH), { purpose: 'purpose:logistics' })).toMatchObject({
      status: 'false',
      actual: 'https://w3id.org/kontor/purpose/logistics',
      expected: RESEARCH,
    });
    // CURIEs in the policy: compacted on both sides.
    expect(run(fn, c('eq', { '@id': 'purpose:research' }), { purpose: 'https://w3id.org/kontor/purpose/logistics' })).toMatchObject({
      actual: 'purpose:logistics',
      expected: 'purpose:research',
    });
  });
});
