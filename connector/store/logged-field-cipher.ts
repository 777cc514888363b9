import type { Logger } from '../../core/index.js';
import type { FieldCipher } from './field-cipher.js';
import { logIfBroken } from './sealed-value-broken.js';

/** The cipher whose refusals of a broken sealed value are logged (createStores: one line per failed read). */
export function loggingBroken(cipher: FieldCipher, logger: Logger): FieldCipher {
  return {
    kekIds: cipher.kekIds,
    seal: (binding, value) => cipher.seal(binding, value),
    open(binding, stored) {
      try {
        return cipher.open(binding, stored);
      } catch (error) {
        logIfBroken(logger, binding, error);
        throw error;
      }
    },
  };
}
