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

/** The formats an asset can be transferred with: one catalog distribution each. */
export function transferFormats(asset: Asset): readonly string[] {
  return formatsForAddressType(asset.dataAddress.type);
}
