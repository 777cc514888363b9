import { parseHttpData } from './http-data-parse.js';

/** An asset about to be stored: an `HttpData` address must hold only options the data plane honours, each valid. */
export function checkHttpData<A extends { dataAddress: { type: string; [k: string]: unknown } }>(asset: A): A {
  if (asset.dataAddress.type === 'HttpData') parseHttpData(asset.dataAddress);
  return asset;
}
