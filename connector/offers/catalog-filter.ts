import { ConnectorError } from '../../core/index.js';
import type { AssetFilter } from '../../catalog/index.js';

const KEYS = ['q', 'keyword', 'mediaType'] as const;
/** The longest filter value: as for the management API's `q` (a search term, not a document to match). */
const MAX_LENGTH = 200;

/**
 * The `filter` of a CatalogRequestMessage (implementation-specific in DSP). Kontor understands a list of objects
 * whose members are `q` (text in id, title or description), `keyword` and `mediaType`, all strings of 1 to 200
 * characters; all apply
 * together. Anything else is an unsupported filter, which DSP answers with 400.
 */
export function parseCatalogFilter(filter: readonly unknown[] | undefined): AssetFilter {
  const out: AssetFilter = {};
  for (const [i, item] of (filter ?? []).entries()) {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) throw unsupported(`/filter/${i}`, 'must be an object');
    for (const [key, value] of Object.entries(item)) {
      const known = KEYS.find((k) => k === key);
      if (!known) throw unsupported(`/filter/${i}/${key}`, `is not a supported filter (supported: ${KEYS.join(', ')})`);
      if (typeof value !== 'string' || value === '') throw unsupported(`/filter/${i}/${key}`, 'must be a non-empty string');
      if (value.length > MAX_LENGTH) throw unsupported(`/filter/${i}/${key}`, `must be at most ${MAX_LENGTH} characters`);
      if (out[known] !== undefined) throw unsupported(`/filter/${i}/${key}`, 'is given more than once');
      out[known] = value;
    }
  }
  return out;
}

function unsupported(pointer: string, message: string): ConnectorError {
  return new ConnectorError('VALIDATION_FAILED', { detail: `unsupported filter: ${pointer} ${message}`, violations: [{ pointer, message }] });
}
