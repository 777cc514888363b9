import type { Asset } from '../../catalog/index.js';
import { isConnectorError, type Logger } from '../../core/index.js';

/** Asset ids remembered as logged; beyond this many the memory starts over (each is then logged once more). */
const MAX_REMEMBERED = 10_000;

/** Whether an asset's data address gives its type, which the catalog needs (for `transferFormats`). */
export interface AddressReadability {
  /** False when reading the type fails with STORE_INTEGRITY (a sealed value that does not open); other errors pass. */
  readable(asset: Asset): boolean;
  /** Whether an asset whose data address does not open was met since the process started. */
  anyUnreadable(): boolean;
}

/**
 * The catalog's view of data addresses that do not open: a row sealed before the type was kept in clear opens for its
 * type, and one whose sealed value AES-GCM refuses (STORE_INTEGRITY) leaves its dataset out of the catalog, as one the
 * requester may not see, rather than failing every page that passes over it. Logged at error once per asset id (the
 * store logs the row itself once): the operator restores the row or re-creates the asset.
 */
export function addressReadability(logger: Logger): AddressReadability {
  const logged = new Set<string>();
  let met = false;
  return {
    readable(asset) {
      try {
        void asset.dataAddress.type;
        return true;
      } catch (error) {
        if (!isConnectorError(error) || error.code !== 'STORE_INTEGRITY') throw error;
        met = true;
        if (!logged.has(asset.id)) {
          if (logged.size >= MAX_REMEMBERED) logged.clear();
          logged.add(asset.id);
          logger.error({ code: error.code, assetId: asset.id }, `dataset '${asset.id}' left out of the catalog: its data address does not open`);
        }
        return false;
      }
    },
    anyUnreadable: () => met,
  };
}
