import type { DataAddress } from '../../../catalog/index.js';
import { validationError } from '../../../core/index.js';
import { redactDataAddress } from '../routes/assets-routes.js';
import type { EdcNode } from './edc-node.js';
import { plainValue } from './edc-values.js';
import { edcLocal } from './edc-vocabulary.js';

/** What Kontor's data plane honours per source type (connector/dataplane/data-source.ts). */
const HONOURED: Readonly<Record<string, readonly string[]>> = { HttpData: ['type', 'baseUrl', 'name', 'authorization'], File: ['type', 'path'] };
/** EDC's HttpData pass-through switches: `false` is what Kontor does; `true` is not supported yet. */
const PROXY = ['proxyPath', 'proxyQueryParams', 'proxyMethod', 'proxyBody'];

/**
 * An EDC `dataAddress` as Kontor's DataAddress. Only options Kontor's data plane honours are taken; every other
 * one (`proxy*: "true"`, `oauth2:*`, `header:*`, …) is a 400 naming it, never stored and ignored. EDC's
 * `authKey: Authorization` + `authCode` becomes Kontor's `authorization`. A type Kontor has no source for
 * (EDC's sample `test`) is kept with no options: a transfer of it fails visibly at the data plane.
 */
export function dataAddressFromEdc(node: EdcNode): DataAddress {
  node.expectType('DataAddress');
  const type = node.string('type', true) as string;
  const honoured = HONOURED[type] ?? ['type'];
  const out: DataAddress = { type };
  const auth: Record<string, string> = {};
  for (const key of Object.keys(node.raw)) {
    if (key.startsWith('@')) continue;
    const name = edcLocal(key);
    const pointer = node.at(name);
    if (name === 'type') continue;
    const value = plainValue(node.values(key) ?? [], pointer);
    if (PROXY.includes(name) && type === 'HttpData') {
      if (String(value) === 'false') continue;
      throw validationError([{ pointer, message: `'${String(value)}' is not supported: Kontor's data plane does not pass the consumer's request through (only "false" is accepted)` }]);
    }
    if (type === 'HttpData' && (name === 'authKey' || name === 'authCode')) {
      auth[name] = String(value);
      continue;
    }
    if (!honoured.includes(name) || typeof value !== 'string') throw validationError([{ pointer, message: `is not an option Kontor honours for a '${type}' data address (honoured: ${honoured.join(', ')})` }]);
    out[name] = value;
  }
  if (auth.authKey !== undefined || auth.authCode !== undefined) {
    if (auth.authKey?.toLowerCase() !== 'authorization' || auth.authCode === undefined) throw validationError([{ pointer: node.at('authKey'), message: 'only authKey "Authorization" with an authCode is supported' }]);
    out.authorization = auth.authCode;
  }
  return out;
}

/** The data address as a v3 response shows it (secrets redacted, as on /api/v1). */
export function dataAddressToEdc(address: DataAddress): Record<string, unknown> {
  return { '@type': 'DataAddress', ...redactDataAddress(address) };
}
