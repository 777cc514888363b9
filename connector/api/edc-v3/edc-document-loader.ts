import { knownContexts, type DocumentLoader } from '../../identity/index.js';
import { EDC_MANAGEMENT_CONTEXT_URL, edcManagementContext } from './edc-management-context.js';

/** Context URLs EDC bodies use that name a document the loader already has under another URL. */
const ALIASES: Readonly<Record<string, string>> = { 'http://www.w3.org/ns/odrl.jsonld': 'https://www.w3.org/ns/odrl.jsonld' };

/**
 * The offline loader for v3 bodies: the contexts Kontor ships (npm context packages and the project's own) plus the
 * EDC management context; any other URL is refused, never fetched.
 */
export function edcDocumentLoader(): DocumentLoader {
  const statics = new Map(knownContexts());
  statics.set(EDC_MANAGEMENT_CONTEXT_URL, edcManagementContext);
  return async (url) => {
    const document = statics.get(ALIASES[url] ?? url);
    if (!document) throw new UnknownContext(url);
    return { contextUrl: null, documentUrl: url, document: structuredClone(document), tag: 'static' };
  };
}

export class UnknownContext extends Error {
  constructor(readonly url: string) {
    super(`the context ${url} is not available offline`);
  }
}
