import { describe, expect, it } from 'vitest';
import { createPolicyEngine } from '../../../policy/index.js';
import { expandBody } from './edc-expand.js';
import { EdcNode } from './edc-node.js';
import { ALLOW_ALL, policyFromEdc } from './edc-policy.js';

const CTX = { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/', odrl: 'http://www.w3.org/ns/odrl/2/' };
const translate = async (policy: unknown) => policyFromEdc((await new EdcNode(await expandBody({ '@context': CTX, '@id': 'p', policy })).node('policy')) as EdcNode);
const agent = { id: 'did:web:consumer.example', claims: { credentialTypes: [] } };

describe('EDC policies in Kontor terms', () => {
  it("should read a Set without rules as EDC does: allow-all, which Kontor's engine then grants in every scope", async () => {
    const policy = await translate({ '@context': 'http://www.w3.org/ns/odrl.jsonld', '@type': 'Set', permission: [], prohibition: [], obligation: [] });
    expect(policy).toEqual(ALLOW_ALL);
    const engine = createPolicyEngine();
    for (const scope of ['catalog', 'negotiation', 'transfer'] as const) expect(engine.evaluate(engine.parse(policy), { scope, now: 0, agent }).allowed).toBe(true);
  });

  it("should keep an offer's id, assigner and target, and give a rule-less offer the same allow-all", async () => {
    const offer = await translate({ '@context': 'http://www.w3.org/ns/odrl.jsonld', '@id': 'urn:kontor:offer:1:a:0123', '@type': 'Offer', assigner: 'did:web:p', target: 'a' });
    expect(offer).toEqual({ '@id': 'urn:kontor:offer:1:a:0123', '@type': 'Offer', assigner: 'did:web:p', target: 'a', permission: [{ action: 'use' }] });
  });

  it('should read odrl:assigner, odrl:assignee and odrl:target given as plain strings as the ODRL terms, and refuse a key ODRL cannot read', async () => {
    const offer = await translate({ '@id': 'o', '@type': 'odrl:Offer', 'odrl:assigner': 'did:web:p', 'odrl:assignee': 'did:web:c', 'odrl:target': 'a' });
    expect(offer).toEqual({ '@id': 'o', '@type': 'Offer', assigner: 'did:web:p', assignee: 'did:web:c', target: 'a', permission: [{ action: 'use' }] });
    await expect(translate({ '@id': 'o', 'odrl:target': 'a', 'odrl:unknownTerm': 'x' })).rejects.toMatchObject({ violations: [{ pointer: '/policy/odrl:unknownTerm' }] });
  });

  it("should drop a rule's target equal to the policy's, and refuse another one naming it", async () => {
    const base = { '@context': 'http://www.w3.org/ns/odrl.jsonld', '@type': 'Offer', target: 'a' };
    expect(await translate({ ...base, permission: [{ action: 'use', target: 'a' }] })).toEqual({ '@type': 'Offer', target: 'a', permission: [{ action: 'use' }] });
    await expect(translate({ ...base, permission: [{ action: 'use' }, { action: 'use', target: 'b' }] })).rejects.toMatchObject({
      violations: [{ pointer: '/policy/permission/1/target' }],
    });
  });

  it("should give rules in ODRL compact JSON, without EDC's AtomicConstraint marker, operators as terms", async () => {
    const policy = await translate({
      '@context': 'http://www.w3.org/ns/odrl.jsonld',
      '@type': 'Set',
      permission: [
        {
          action: 'use',
          constraint: { '@type': 'AtomicConstraint', leftOperand: 'purpose', operator: { '@id': 'odrl:eq' }, rightOperand: 'https://w3id.org/kontor/purpose/research' },
        },
      ],
    });
    expect(policy).toEqual({
      '@type': 'Set',
      permission: [{ action: 'use', constraint: { leftOperand: 'purpose', operator: 'eq', rightOperand: 'https://w3id.org/kontor/purpose/research' } }],
    });
    expect(() => createPolicyEngine().parse(policy)).not.toThrow();
  });

  it('should leave a term outside ODRL as its full IRI, so that the engine names it when it does not know it', async () => {
    const policy = await translate({
      '@context': 'http://www.w3.org/ns/odrl.jsonld',
      permission: [{ action: 'use', constraint: { leftOperand: 'location', operator: 'eq', rightOperand: 'eu' } }],
    });
    expect(() => createPolicyEngine().parse(policy)).toThrow(/location/);
  });

  it("should refuse an IRI under a prefix the body's @context does not define (xsd:, cc:) with a 400 naming it and the prefix, never a 500", async () => {
    const constraint = { 'odrl:leftOperand': { '@id': 'odrl:dateTime' }, 'odrl:operator': { '@id': 'odrl:lt' } };
    const typed = { ...constraint, 'odrl:rightOperand': { '@type': 'xsd:dateTime', '@value': '2030-01-01T00:00:00Z' } };
    await expect(translate({ '@type': 'odrl:Set', 'odrl:permission': { 'odrl:action': { '@id': 'odrl:use' }, 'odrl:constraint': typed } })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      violations: [
        {
          pointer: '/policy/permission/constraint/rightOperand/@type',
          message: expect.stringContaining(`'xsd:dateTime' uses the prefix 'xsd', which the body's @context does not define (add "xsd": "http://www.w3.org/2001/XMLSchema#"`),
        },
      ],
    });
    await expect(translate({ '@type': 'odrl:Set', 'odrl:permission': { 'odrl:action': { '@id': 'cc:Distribution' } } })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      violations: [{ pointer: '/policy/permission/action/@id', message: expect.stringContaining("'cc:Distribution' uses the prefix 'cc'") }],
    });
    // With the prefix defined, the same policy is read.
    const withXsd = {
      '@context': { xsd: 'http://www.w3.org/2001/XMLSchema#' },
      '@type': 'odrl:Set',
      'odrl:permission': { 'odrl:action': { '@id': 'odrl:use' }, 'odrl:constraint': typed },
    };
    expect((await translate(withXsd)).permission).toEqual([
      { action: 'use', constraint: { leftOperand: 'dateTime', operator: 'lt', rightOperand: { '@type': 'xsd:dateTime', '@value': '2030-01-01T00:00:00Z' } } },
    ]);
  });
});
