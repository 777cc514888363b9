import { validationError, type Violation } from '../../core/index.js';

/** An ODRL party or asset reference as written: a string, or `{"@id": …}`; undefined for anything else. */
function reference(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw;
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    const id = (raw as Record<string, unknown>)['@id'];
    return typeof id === 'string' ? id : undefined;
  }
  return undefined;
}

/**
 * A consumer's request names the offer by its id; the offer it sends may also name its `target` and `assigner`.
 * The agreement is signed over the dataset the offer id stands for, with us as assigner: a request whose offer names
 * another dataset or another assigner is refused (400, naming the field), never answered with an agreement over
 * something other than what it asked for. Left out, they are filled in from the offer id.
 */
export function checkRequestedOfferParties(offer: Record<string, unknown>, expected: { assetId: string; participantId: string }): void {
  const problems: Violation[] = [];
  const check = (field: 'target' | 'assigner', want: string, what: string) => {
    if (offer[field] === undefined) return;
    const got = reference(offer[field]);
    if (got === want) return;
    problems.push({
      pointer: `/offer/${field}`,
      message: got === undefined ? `must be ${what} as a string or {"@id": …}` : `is '${got}', not ${what} '${want}' the offer '${String(offer['@id'])}' stands for`,
    });
  };
  check('target', expected.assetId, 'the dataset');
  check('assigner', expected.participantId, 'the provider');
  if (problems.length > 0) throw validationError(problems);
}
