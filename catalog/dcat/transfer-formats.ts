import type { Asset } from '../asset/asset.js';

/**
 * The DSP transfer formats Kontor serves per data-address type: HttpData and File assets are streamed by the data plane,
 * pulled by the consumer or pushed to its endpoint; a TrainingData asset is only trained on where it lies. The catalog
 * advertises these as the dataset's distributions, and the provider refuses any other format for the asset.
 */
const FORMATS_BY_ADDRESS_TYPE: Readonly<Record<string, readonly string[]>> = {
  HttpData: ['HttpData-PULL', 'HttpData-PUSH'],
  File: ['HttpData-PULL', 'HttpData-PUSH'],
  TrainingData: ['FederatedTraining'],
};

/** The formats served for a data-address type; none for a type Kontor does not serve (or an unknown asset). */
export function formatsForAddressType(type: string | undefined): readonly string[] {
  return type !== undefined && Object.hasOwn(FORMATS_BY_ADDRESS_TYPE, type) ? (FORMATS_BY_ADDRESS_TYPE[type] ?? []) : [];
}

/**
 * The catalog's distributions for an asset: the formats it can be transferred with. An asset of a type the data plane
 * does not serve (EDC's samples use `type: "test"`) is still offered, so that contracts can be negotiated for it, under
 * the one distribution the DSP schema requires, `<type>-PULL`: the provider refuses any transfer of it, naming the format.
 */
export function transferFormats(asset: Asset): readonly string[] {
  const served = formatsForAddressType(asset.dataAddress.type);
  return served.length > 0 ? served : [`${asset.dataAddress.type}-PULL`];
}
