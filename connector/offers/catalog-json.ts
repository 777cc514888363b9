import { toDcatCatalog, type DcatPublisher } from './catalog-imports.js';

/**
 * The root Catalog message as JSON text, with each dataset given as its JSON text already: the same text as
 * `JSON.stringify(toDcatCatalog(...))` (`dataset` last, left out when empty), without serialising again the
 * datasets (and their credentials) that the catalog provider keeps in memory.
 */
export function catalogJson(catalogId: string, datasets: readonly string[], publisher: Pick<DcatPublisher, 'participantId' | 'service'>): string {
  const shell = JSON.stringify(toDcatCatalog(catalogId, [], publisher));
  return datasets.length === 0 ? shell : `${shell.slice(0, -1)},"dataset":[${datasets.join(',')}]}`;
}
