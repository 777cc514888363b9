import { describe, expect, it } from 'vitest';
import { selectsAsset } from '../../../catalog/index.js';
import { contractDefinitionFromEdc, criterionFromEdc } from './edc-contract-definition.js';
import { expandBody } from './edc-expand.js';
import { EdcNode } from './edc-node.js';

const criterion = async (c: Record<string, unknown>) => criterionFromEdc(new EdcNode(await expandBody({ '@context': { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/' }, ...c })));
const asset = { id: 'test-document', properties: { title: 'product description', mediaType: 'application/json', 'edc:region': 'eu' } };

describe('EDC criteria', () => {
  it('should make a full-IRI operandLeft select by the property it names (id, name, contenttype, other edc: names)', async () => {
    const cases: [string, string, boolean][] = [
      ['https://w3id.org/edc/v0.0.1/ns/id', 'test-document', true],
      ['https://w3id.org/edc/v0.0.1/ns/id', 'other', false],
      ['https://w3id.org/edc/v0.0.1/ns/name', 'product description', true],
      ['https://w3id.org/edc/v0.0.1/ns/contenttype', 'application/json', true],
      ['https://w3id.org/edc/v0.0.1/ns/region', 'eu', true],
      ['id', 'test-document', true],
    ];
    for (const [operandLeft, operandRight, hit] of cases) expect(selectsAsset([await criterion({ operandLeft, operator: '=', operandRight })], asset), operandLeft).toBe(hit);
  });

  it('should refuse an operator Kontor does not evaluate, naming it', async () => {
    await expect(criterion({ operandLeft: 'id', operator: 'like', operandRight: 'test%' })).rejects.toMatchObject({ violations: [{ pointer: '/operator' }] });
  });

  it('should refuse a body whose @type names something else', async () => {
    const node = new EdcNode(await expandBody({ '@context': { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/' }, '@type': 'Asset', accessPolicyId: 'a', contractPolicyId: 'a' }));
    expect(() => contractDefinitionFromEdc(node, 'd')).toThrow(expect.objectContaining({ violations: [expect.objectContaining({ pointer: '/@type' })] }));
  });
});
