import type { AssetCriterion, ContractDefinition } from '../../../catalog/index.js';
import { validationError } from '../../../core/index.js';
import type { EdcNode } from './edc-node.js';
import { toEdcProperty, toKontorProperty } from './edc-property-names.js';
import { plainValue } from './edc-values.js';
import { EDC_NS } from './edc-vocabulary.js';

const OPERATORS: readonly string[] = ['=', '!=', 'in'];

/**
 * An EDC Criterion (selector or QuerySpec filter) as Kontor's. `operandLeft` may be a full IRI
 * (`https://w3id.org/edc/v0.0.1/ns/id`) or a bare name; either maps onto the Kontor property it names.
 * `mapLeft` chooses the mapping (asset properties, or a resource's own fields). Operators other than
 * `=`, `!=` and `in` (EDC's `like`, `<`, …) are a 400 naming the criterion.
 */
/**
 * One EDC Criterion as Kontor's. `byValue` (QuerySpec filters): numbers and booleans are taken too, and compared by
 * their text with the items' values (applyQuery writes those as text); an asset selector takes strings only.
 */
export function criterionFromEdc(node: EdcNode, mapLeft: (name: string) => string = toKontorProperty, byValue = false): AssetCriterion {
  node.expectType('Criterion', 'CriterionDto');
  const left = node.string('operandLeft', true) as string;
  const operator = node.string('operator', true) as string;
  if (!OPERATORS.includes(operator)) throw validationError([{ pointer: node.at('operator'), message: `'${operator}' is not supported (Kontor supports ${OPERATORS.join(', ')})` }]);
  const right = plainValue(node.values('operandRight') ?? [], node.at('operandRight'));
  const given = Array.isArray(right) ? right : [right];
  const scalar = (v: unknown) => typeof v === 'string' || (byValue && (typeof v === 'number' || typeof v === 'boolean'));
  if (!given.every(scalar))
    throw validationError([
      { pointer: node.at('operandRight'), message: byValue ? 'must be a string, number or boolean, or a list of these' : 'must be a string or a list of strings' },
    ]);
  const values = given.map(String);
  if (operator !== 'in' && values.length !== 1) throw validationError([{ pointer: node.at('operandRight'), message: `must be one value for '${operator}'` }]);
  node.finish();
  return { operandLeft: mapLeft(left), operator: operator as AssetCriterion['operator'], operandRight: operator === 'in' ? (values as string[]) : (values[0] as string) };
}

/** An EDC ContractDefinition as Kontor's contract-definition input (approval: automatic, as in EDC). */
export function contractDefinitionFromEdc(node: EdcNode, id: string): Record<string, unknown> {
  node.expectType('ContractDefinition');
  node.require('accessPolicyId', 'contractPolicyId');
  const accessPolicyId = node.string('accessPolicyId', true);
  const contractPolicyId = node.string('contractPolicyId', true);
  const assetsSelector = node.nodes('assetsSelector').map((c) => criterionFromEdc(c));
  const priv = node.node('privateProperties');
  if (priv && Object.keys(priv.raw).length > 0) throw validationError([{ pointer: node.at('privateProperties'), message: 'is not supported on contract definitions' }]);
  node.finish();
  return { id, accessPolicyId, contractPolicyId, assetsSelector };
}

const edcLeft = (left: string) => {
  const name = toEdcProperty(left);
  return name.includes(':') ? name : `${EDC_NS}${name}`;
};

export function contractDefinitionToEdc(d: ContractDefinition): Record<string, unknown> {
  const selector = d.assetsSelector.map((c) => ({ '@type': 'Criterion', operandLeft: edcLeft(c.operandLeft), operator: c.operator, operandRight: c.operandRight }));
  return { '@id': d.id, '@type': 'ContractDefinition', accessPolicyId: d.accessPolicyId, contractPolicyId: d.contractPolicyId, assetsSelector: selector, createdAt: d.createdAt };
}
