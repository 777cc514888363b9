import type { DataAddress } from '../../../catalog/index.js';
import { validationError, pointer } from '../../../core/index.js';
import { checkFileAddress, parseHttpData } from '../../dataplane/index.js';
import { ownDataRootViolations } from '../../training/index.js';

/** The data-address types Kontor serves: HttpData and File by its data plane, TrainingData by federated training. */
export const DATA_ADDRESS_TYPES = ['HttpData', 'File', 'TrainingData'] as const;

/** What the check needs beyond the address: how a foreign type is met, and the data plane's file root. */
export interface DataAddressRules {
  foreign?: 'refuse' | 'bare';
  /** dataPlane.fileRoot: a File address must lie below it; none is taken without it. */
  fileRoot: string | undefined;
  /** training.dataRoot: every file an own-data TrainingData address names must lie below it; none is taken without it. */
  trainingDataRoot: string | undefined;
}

/**
 * What an asset's data address may hold, by its type, checked on create and replace (both APIs): HttpData and File
 * take only the options the data plane honours (a File path only below `fileRoot`); a TrainingData address over own
 * data names its files only below `trainingDataRoot` (lexically; the rest is checkTrainingAsset's, which reads the
 * data, and follows symbolic links when it opens the file). Any other type is refused naming `/dataAddress/type`, unless `foreign` is
 * `'bare'`: the EDC layer keeps a type Kontor has no source for (EDC's sample `test`) when it carries no options,
 * so a transfer of it fails visibly.
 */
export function checkDataAddress(address: DataAddress, rules: DataAddressRules): void {
  const { type } = address;
  const foreign = rules.foreign ?? 'refuse';
  if (type === 'HttpData') {
    parseHttpData(address);
    refuseUserInfo(address.baseUrl);
  } else if (type === 'File') checkFileAddress(address, rules.fileRoot);
  else if (type === 'TrainingData') {
    const outside = ownDataRootViolations(address, rules.trainingDataRoot);
    if (outside.length > 0) throw validationError(outside);
  } else if (foreign === 'bare') {
    const extra = Object.keys(address).filter((k) => k !== 'type');
    if (extra.length > 0)
      throw validationError(
        extra.map((k) => ({
          pointer: pointer('/dataAddress', k),
          message: `is not an option Kontor honours for a '${type}' data address (honoured: type)`,
        })),
      );
  } else {
    const near = DATA_ADDRESS_TYPES.find((t) => t.toLowerCase() === String(type).toLowerCase());
    throw validationError([
      {
        pointer: '/dataAddress/type',
        message: `'${type}' is not a data-address type Kontor serves (supported: ${DATA_ADDRESS_TYPES.join(', ')})${near ? `: did you mean '${near}'?` : ''}`,
      },
    ]);
  }
}

/**
 * A user name or password in `baseUrl` would be stored and shown as part of the URL (and fetch refuses such a URL
 * when data flows): refused, pointing at the property that carries a backend credential write-only.
 */
function refuseUserInfo(baseUrl: unknown): void {
  const url = typeof baseUrl === 'string' && URL.canParse(baseUrl) ? new URL(baseUrl) : undefined;
  if (url && (url.username !== '' || url.password !== ''))
    throw validationError([
      { pointer: '/dataAddress/baseUrl', message: 'must not hold a user name or password (user:pass@): give the backend credential in the authorization property instead' },
    ]);
}
