import type { Asset, AssetCriterion, ContractDefinition, PolicyDefinition } from '../../../catalog/index.js';
import type { ResourceRoutesSpec } from '../routes/resource-routes.js';
import { assetFromEdc, assetToEdc } from './edc-asset.js';
import { contractDefinitionFromEdc, contractDefinitionToEdc } from './edc-contract-definition.js';
import type { EdcResourceSpec } from './edc-resource-routes.js';
import { KONTOR_PROPERTY_NAMES, toEdcProperty, toKontorProperty } from './edc-property-names.js';
import { policyFromEdc, policyToEdc, underField } from './edc-policy.js';
import { singleValue } from './edc-query-source.js';
import { edcLocal } from './edc-vocabulary.js';
import { validationError } from '../../../core/index.js';

type Spec<T extends Asset | PolicyDefinition | ContractDefinition> = ResourceRoutesSpec<T, Record<string, string>>;
const V3 = '/management/v3';

export function edcAssets(kontor: Spec<Asset>): EdcResourceSpec<Asset> {
  return {
    base: `${V3}/assets`,
    kontor,
    putOnItem: false,
    fromEdc: (node, id) => assetFromEdc(node, id),
    toEdc: assetToEdc,
    // createdAt is the asset's own (not a property), as on the other resources.
    queryable: (a) => ({ item: a, id: a.id, fields: { ...a.properties, createdAt: a.createdAt } }),
    mapField: (name) => (edcLocal(name) === 'createdAt' ? 'createdAt' : toKontorProperty(name)),
    // Kontor's own property names, and any other property a stored asset carries (shown by its EDC name); a filter
    // may name any property, as an asset selector may (one no asset carries matches none).
    sortable: (assets) => ({ fields: [...KONTOR_PROPERTY_NAMES, 'createdAt', ...assets.flatMap((a) => Object.keys(a.properties))], shown: toEdcProperty, anyFilterField: true }),
    sortableOf: (a) => Object.keys(a.properties),
    // The media type is a column of its own (the /api/v1 list's `mediaType` filter).
    narrow: (c) => byValue(c, { mediaType: 'mediaType' }),
    narrowedBy: ['contenttype'],
  };
}

/** EDC PolicyDefinition ↔ Kontor policy; the engine's findings are reported under `/policy`. */
export function edcPolicies(kontor: Spec<PolicyDefinition>): EdcResourceSpec<PolicyDefinition> {
  return {
    base: `${V3}/policydefinitions`,
    putOnItem: true,
    kontor: {
      ...kontor,
      check: async (p) => {
        try {
          await kontor.check?.(p);
          return undefined; // the EDC routes store the resource as given (edc-resource-routes.ts)
        } catch (error) {
          throw underField(error, '/policy');
        }
      },
    },
    fromEdc: async (node, id) => {
      node.expectType('PolicyDefinition');
      const policy = node.node('policy');
      if (!policy) throw validationError([{ pointer: '/policy', message: 'is required' }]);
      const priv = node.node('privateProperties');
      if (priv && Object.keys(priv.raw).length > 0) throw validationError([{ pointer: '/privateProperties', message: 'is not supported on policy definitions' }]);
      node.finish();
      return { id, policy: await policyFromEdc(policy) };
    },
    toEdc: (p) => ({ '@id': p.id, '@type': 'PolicyDefinition', policy: policyToEdc(p.policy), createdAt: p.createdAt }),
    queryable: (p) => ({ item: p, id: p.id, fields: { createdAt: p.createdAt } }),
    mapField: edcLocal,
    sortable: () => ({ fields: ['createdAt'] }),
  };
}

export function edcContractDefinitions(kontor: Spec<ContractDefinition>): EdcResourceSpec<ContractDefinition> {
  return {
    base: `${V3}/contractdefinitions`,
    kontor,
    putOnItem: false,
    fromEdc: (node, id) => contractDefinitionFromEdc(node, id),
    toEdc: contractDefinitionToEdc,
    queryable: (d) => ({ item: d, id: d.id, fields: { accessPolicyId: d.accessPolicyId, contractPolicyId: d.contractPolicyId, createdAt: d.createdAt } }),
    mapField: edcLocal,
    sortable: () => ({ fields: ['accessPolicyId', 'contractPolicyId', 'createdAt'] }),
    narrow: (c) => byValue(c, { accessPolicyId: 'accessPolicyId', contractPolicyId: 'contractPolicyId' }),
    narrowedBy: ['accessPolicyId', 'contractPolicyId'],
  };
}

/** The /api/v1 list filter (`{ <filter>: value }`) for an equality on a field `filters` maps to one, if any. */
function byValue(c: AssetCriterion, filters: Readonly<Record<string, string>>): Record<string, string> | undefined {
  const filter = Object.hasOwn(filters, c.operandLeft) ? filters[c.operandLeft] : undefined;
  const value = singleValue(c);
  // The stores read an empty filter value as no filter: `= ""` is left to the items read.
  return filter !== undefined && value ? { [filter]: value } : undefined;
}
