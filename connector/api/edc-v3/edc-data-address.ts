import type { DataAddress } from '../../../catalog/index.js';
import { validationError } from '../../../core/index.js';
import { FILE_OPTIONS, parseHttpData } from '../../dataplane/index.js';
import { REDACTED, redactDataAddress } from '../routes/data-address-redaction.js';
import type { EdcNode } from './edc-node.js';
import { plainValue } from './edc-values.js';
import { edcLocal } from './edc-vocabulary.js';

/** What Kontor's data plane honours for the other source types (HttpData: connector/dataplane/httpdata/http-data-options.ts). */
const HONOURED: Readonly<Record<string, readonly string[]>> = { File: FILE_OPTIONS };

/**
 * An EDC `dataAddress` as Kontor's DataAddress. `edc:` names become Kontor's (the same local names); options
 * outside the `edc:` vocabulary keep their IRI, so EDC's `oauth2:clientId` and `header:<name>` arrive as written.
 * An HttpData address is checked by the data plane's own rules (parseHttpData, the one implementation /api/v1
 * uses too): an option it does not honour is a 400 naming it, never stored and ignored. EDC's
 * `authKey: Authorization` + `authCode` becomes Kontor's `authorization`. A type Kontor has no source for
 * (EDC's sample `test`) is kept with no options: a transfer of it fails visibly at the data plane.
 */
export function dataAddressFromEdc(node: EdcNode): DataAddress {
  node.expectType('DataAddress');
  const type = node.string('type', true) as string;
  const out: DataAddress = { type };
  for (const key of Object.keys(node.raw)) {
    if (key.startsWith('@')) continue;
    const name = edcLocal(key);
    const pointer = node.at(name);
    if (name === 'type') continue;
    const value = plainValue(node.values(key) ?? [], pointer);
    if (type !== 'HttpData') {
      const honoured = HONOURED[type] ?? ['type'];
      if (!honoured.includes(name) || typeof value !== 'string')
        throw validationError([{ pointer, message: `is not an option Kontor honours for a '${type}' data address (honoured: ${honoured.join(', ')})` }]);
    }
    out[name] = value;
  }
  if (type !== 'HttpData') return out;
  if (typeof out.authKey === 'string' && out.authKey.toLowerCase() === 'authorization' && out.authCode !== undefined && out.authorization === undefined) {
    out.authorization = out.authCode;
    delete out.authKey;
    delete out.authCode;
  }
  // A replace may send `<redacted>` back for a kept secret: the address is then checked once merged with the
  // stored one, by the same rule (assetResourceSpec's check), instead of here.
  if (!Object.values(out).includes(REDACTED)) parseHttpData(out, node.pointer);
  return out;
}

/** The data address as a v3 response shows it (secrets redacted, as on /api/v1). */
export function dataAddressToEdc(address: DataAddress): Record<string, unknown> {
  return { '@type': 'DataAddress', ...redactDataAddress(address) };
}
