import type { Asset, AssetProperties, DataAddress } from '../../../catalog/index.js';
import { validationError } from '../../../core/index.js';
import { dataAddressFromEdc, dataAddressToEdc } from './edc-data-address.js';
import type { EdcNode } from './edc-node.js';
import { toEdcProperty, toKontorProperty } from './edc-property-names.js';
import { plainValue } from './edc-values.js';

/**
 * An EDC Asset as Kontor's asset input. EDC names map onto Kontor's (`name` → `title`, `contenttype` →
 * `mediaType`, see edc-property-names.ts). EDC needs no name; Kontor's catalog needs a title, so an asset
 * without one is titled with its id. Kontor has no private properties: a non-empty `privateProperties` is a 400.
 */
export function assetFromEdc(node: EdcNode, id: string): { id: string; properties: AssetProperties; dataAddress: DataAddress } {
  node.expectType('Asset');
  const properties: Record<string, unknown> = {};
  const props = node.node('properties');
  for (const key of Object.keys(props?.raw ?? {})) {
    if (!props || key.startsWith('@')) continue;
    const pointer = props.at(toEdcProperty(toKontorProperty(key)));
    const name = toKontorProperty(key);
    const value = plainValue(props.values(key) ?? [], pointer);
    if (name === 'id') {
      if (value !== id) throw validationError([{ pointer, message: `differs from the asset's @id '${id}'` }]);
      continue;
    }
    properties[name] = name === 'keywords' && !Array.isArray(value) ? [value] : value;
  }
  const priv = node.node('privateProperties');
  if (priv && Object.keys(priv.raw).length > 0)
    throw validationError([
      { pointer: node.at('privateProperties'), message: 'is not supported: Kontor has no private asset properties (put private details in the dataAddress)' },
    ]);
  const address = node.node('dataAddress');
  if (!address) throw validationError([{ pointer: node.at('dataAddress'), message: 'is required' }]);
  node.finish();
  return { id, properties: { title: id, ...properties } as AssetProperties, dataAddress: dataAddressFromEdc(address) };
}

export function assetToEdc(a: Asset): Record<string, unknown> {
  const properties: Record<string, unknown> = { id: a.id };
  for (const [k, v] of Object.entries(a.properties)) properties[toEdcProperty(k)] = v;
  return { '@id': a.id, '@type': 'Asset', properties, dataAddress: dataAddressToEdc(a.dataAddress), createdAt: a.createdAt };
}
