import type { Asset } from '../asset/asset.js';
import type { ContractDefinition } from '../contract-definition/contract-definition.js';
import type { PolicyDefinition } from '../policy-definition/policy-definition.js';
import { offerId } from '../offer/offer-id.js';
import { policyContentHash } from '../offer/policy-content-hash.js';
import { DSP_CONTEXT, type DcatCatalog, type DcatDataService, type DcatDataset, type DcatDistribution, type OdrlOffer } from './dcat-types.js';
import { toOdrlOffer } from './odrl-offer.js';
import { transferFormats } from './transfer-formats.js';
import { publishedProperties } from './published-properties.js';

/** Who publishes, and where the DSP endpoints are. */
export interface DcatPublisher {
  participantId: string;
  service: DcatDataService;
  /** Transfer formats (e.g. `HttpData-PULL`) an asset can be fetched with (transferFormats); one distribution each. */
  formatsFor(asset: Asset): readonly string[];
}

/** One contract definition that selects the asset, with its contract policy. */
export interface OfferSource {
  definition: ContractDefinition;
  contractPolicy: PolicyDefinition;
}

/** A dataset, or undefined when it would have no offer or no distribution; plus the offers left out and why. */
export interface DatasetBuild {
  dataset: DcatDataset | undefined;
  problems: string[];
}

export function dataService(id: string, endpointUrl: string): DcatDataService {
  return { '@id': id, '@type': 'DataService', endpointURL: endpointUrl };
}

/** @deprecated The old name of transferFormats (the formats the transfer side serves for the asset's data-address type). */
export const pullFormat = transferFormats;

/** The dataset term (a full IRI: safe under any JSON-LD context) that carries a training asset's public data description. */
export const TRAINING_DATA_TERM = 'https://w3id.org/kontor/vocab#trainingData';

/**
 * Public descriptive properties as DCAT / Dublin Core compact IRIs, then the asset's further properties named by full
 * IRIs (publishedProperties: `http://purl.org/dc/terms/type`, …). The data address is never shown. A training
 * asset's `kontor:trainingData` (schema, schema hash, bucketed row count) goes out as JSON text under
 * TRAINING_DATA_TERM, so the signed offer carries it without JSON-LD terms of its own.
 */
function describe(asset: Asset): Record<string, unknown> {
  const p = asset.properties;
  const out: Record<string, unknown> = { 'dct:title': p.title };
  if (p.description !== undefined) out['dct:description'] = p.description;
  if (p.keywords && p.keywords.length > 0) out['dcat:keyword'] = [...p.keywords];
  if (p.license !== undefined) out['dct:license'] = p.license;
  if (p.version !== undefined) out['dcat:version'] = p.version;
  if (p.publisher !== undefined) out['dct:publisher'] = p.publisher;
  if (p.language !== undefined) out['dct:language'] = p.language;
  if (p['kontor:trainingData'] !== undefined) out[TRAINING_DATA_TERM] = JSON.stringify(p['kontor:trainingData']);
  return { ...out, ...publishedProperties(p) };
}

/** The dataset for an asset with one offer per given definition (the caller has already applied access policies). */
export function toDcatDataset(asset: Asset, sources: readonly OfferSource[], publisher: DcatPublisher): DatasetBuild {
  const problems: string[] = [];
  const hasPolicy: OdrlOffer[] = [];
  for (const { definition, contractPolicy } of sources) {
    const id = offerId({ definitionId: definition.id, assetId: asset.id, policyHash: policyContentHash(contractPolicy.policy) });
    const built = toOdrlOffer(contractPolicy.policy, id, publisher.participantId);
    if (built.ok) hasPolicy.push(built.offer);
    else problems.push(`contract definition '${definition.id}', policy '${contractPolicy.id}': ${built.problem}`);
  }
  const distribution: DcatDistribution[] = publisher.formatsFor(asset).map((format) => ({
    '@type': 'Distribution',
    format,
    accessService: publisher.service,
    ...(asset.properties.mediaType !== undefined ? { 'dcat:mediaType': asset.properties.mediaType } : {}),
  }));
  if (hasPolicy.length === 0 || distribution.length === 0) return { dataset: undefined, problems };
  return { dataset: { '@id': asset.id, '@type': 'Dataset', ...describe(asset), hasPolicy, distribution }, problems };
}

/** The root Catalog message. `dataset` is left out when empty: the schema allows no empty list. */
export function toDcatCatalog(catalogId: string, datasets: readonly DcatDataset[], publisher: Pick<DcatPublisher, 'participantId' | 'service'>): DcatCatalog {
  const catalog: DcatCatalog = {
    '@context': [DSP_CONTEXT],
    '@id': catalogId,
    '@type': 'Catalog',
    participantId: publisher.participantId,
    service: [publisher.service],
  };
  if (datasets.length > 0) catalog.dataset = [...datasets];
  return catalog;
}
