import { ConnectorError, type Violation } from '../../../core/index.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const textOrTexts = (v: unknown) => isText(v) || (Array.isArray(v) && v.length > 0 && v.every(isText));
const contextOk = (v: unknown) => isText(v) || (Array.isArray(v) && v.length > 0 && v.every((c) => isText(c) || isObject(c)));

/** What is wrong with one Data Integrity proof, at `at` (a JSON pointer). */
function proofProblems(proof: unknown, at: string): Violation[] {
  if (!isObject(proof)) return [{ pointer: at, message: 'must be a Data Integrity proof object' }];
  return ['type', 'verificationMethod', 'proofPurpose', 'proofValue']
    .filter((field) => !isText(proof[field]))
    .map((field) => ({ pointer: `${at}/${field}`, message: 'must be a non-empty string' }));
}

/**
 * The shape a verifiable credential needs before its proof is checked (a deletion receipt, a model credential): an
 * object with @context, type, issuer, an object credentialSubject and a proof, each of the type the verifier reads.
 * Returns the credential, or throws VALIDATION_FAILED naming each bad field under `pointer` (e.g. `/receipt`).
 */
export function checkedCredential(value: unknown, pointer: string): Record<string, unknown> {
  const problems: Violation[] = [];
  if (!isObject(value)) problems.push({ pointer, message: 'must be a verifiable credential (a JSON object)' });
  else {
    if (!contextOk(value['@context'])) problems.push({ pointer: `${pointer}/@context`, message: 'must be a context URL or a list of them' });
    if (!textOrTexts(value.type)) problems.push({ pointer: `${pointer}/type`, message: 'must be a type name or a list of them' });
    if (!isText(value.issuer) && !(isObject(value.issuer) && isText(value.issuer.id))) problems.push({ pointer: `${pointer}/issuer`, message: 'must be a DID or { id }' });
    if (!isObject(value.credentialSubject)) problems.push({ pointer: `${pointer}/credentialSubject`, message: 'must be an object' });
    for (const date of ['validFrom', 'validUntil'])
      if (value[date] !== undefined && !isText(value[date])) problems.push({ pointer: `${pointer}/${date}`, message: 'must be a date-time string' });
    const proof = value.proof;
    if (Array.isArray(proof) && proof.length > 0) problems.push(...proof.flatMap((p, i) => proofProblems(p, `${pointer}/proof/${i}`)));
    else problems.push(...proofProblems(proof, `${pointer}/proof`));
  }
  if (problems.length > 0) throw new ConnectorError('VALIDATION_FAILED', { detail: problems.map((p) => `${p.pointer}: ${p.message}`).join('; '), violations: problems });
  return value as Record<string, unknown>;
}

/**
 * A proof check that failed: the verifier's own words may carry JavaScript exception text (a malformed credential
 * reaching its internals), so the caller gets a fixed detail and the log keeps the rest.
 */
export function withoutVerifierText(error: unknown, log: (original: string) => void): unknown {
  if (!(error instanceof ConnectorError)) return error;
  const match = /^(the (?:receipt|model credential) does not verify)(:.*)?$/s.exec(error.detail ?? '');
  if (!match) return error;
  log(error.detail ?? '');
  return new ConnectorError(error.code, { detail: `${match[1]} (its proof, issuer key or signature)` });
}
