import { describe, expect, it } from 'vitest';
import { reasonOf } from './model-use-demo.js';

describe('the demo’s short refusal reason', () => {
  const denial = (site: string) => `did:web:${site} (agreement urn:uuid:${site}): purpose isA https://w3id.org/kontor/purpose/federated-training does not hold: saw "marketing"`;

  it('keeps the first agreement’s denial whole, with what the policy saw, and counts the others', () => {
    const detail = `the agreements behind the training do not allow predictions for purpose 'marketing': ${[denial('a'), denial('b'), denial('c')].join(' | ')}`;
    expect(reasonOf({ status: 403, code: 'POLICY_DENIED', detail })).toBe(
      `POLICY_DENIED: the agreements behind the training do not allow predictions for purpose 'marketing': ${denial('a')} (2 more agreements deny it too)`,
    );
    expect(reasonOf({ status: 403, code: 'POLICY_DENIED', detail: `x: ${denial('a')} | ${denial('b')}` })).toMatch(/\(1 more agreement denies it too\)$/);
  });

  it('passes a short reason as it is and cuts a long one visibly', () => {
    expect(reasonOf({ status: 410, code: 'MODEL_DELETED', detail: 'deleted' })).toBe('MODEL_DELETED: deleted');
    expect(reasonOf({ status: 404 })).toBe('404: ');
    const cut = reasonOf({ status: 400, code: 'X', detail: 'y'.repeat(1000) });
    expect(cut).toHaveLength(400);
    expect(cut.endsWith('…')).toBe(true);
  });
});
