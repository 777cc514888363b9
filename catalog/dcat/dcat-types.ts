/** The DSP 2025-1 JSON-LD context; every root message lists it in an `@context` array. */
export const DSP_CONTEXT = 'https://w3id.org/dspace/2025/1/context.jsonld';

/** An ODRL rule as DSP 2025-1 writes it: an action term plus optional constraints (and duties). */
export interface OdrlRule {
  action: string;
  constraint?: unknown[];
  duty?: OdrlRule[];
  [term: string]: unknown;
}

/** An offer inside a dataset. It has no `target`: the enclosing dataset is the target (DSP 2025-1 schema). */
export interface OdrlOffer {
  '@id': string;
  '@type': 'Offer';
  assigner?: string;
  profile?: string | string[];
  permission?: OdrlRule[];
  prohibition?: OdrlRule[];
  obligation?: OdrlRule[];
}

export interface DcatDataService {
  '@id': string;
  '@type': 'DataService';
  /** The DSP base URL of this connector for the version the catalog was served under. */
  endpointURL: string;
}

export interface DcatDistribution {
  '@type': 'Distribution';
  /** A transfer type such as `HttpData-PULL`; the consumer names it in its TransferRequestMessage. */
  format: string;
  accessService: DcatDataService;
  [term: string]: unknown;
}

export interface DcatDataset {
  '@id': string;
  '@type': 'Dataset';
  hasPolicy: OdrlOffer[];
  distribution: DcatDistribution[];
  /** Descriptive DCAT / Dublin Core terms as compact IRIs (`dct:title`, `dcat:keyword`, …). */
  [term: string]: unknown;
}

/** A Dataset sent as a message of its own (GET …/catalog/datasets/{id}). */
export type RootDataset = DcatDataset & { '@context': string[] };

export interface DcatCatalog {
  '@context': string[];
  '@id': string;
  '@type': 'Catalog';
  participantId: string;
  service: DcatDataService[];
  /** Absent when the requester may see no dataset (the schema wants at least one item when present). */
  dataset?: DcatDataset[];
}
