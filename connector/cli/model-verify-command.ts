import { readFileSync } from 'node:fs';
import { systemClock } from '../../core/index.js';
import { paramsHash } from '../training/index.js';
import { verifyModelFile } from '../training/index.js';

export interface ModelVerifyOptions {
  provenance: string;
  /** `--trust-did-document FILE` (variadic, repeatable): DID documents the verifier pinned from elsewhere. */
  trustDidDocument?: string[];
}

/** The `--trust-did-document` flag as kontor-program.ts registers it (variadic: commander collects every file). */
export const TRUST_DID_DOCUMENT_FLAG = '--trust-did-document <file...>';

/** The pinned DID documents by DID, as verifyModelFile takes them. */
type Pinned = Record<string, NonNullable<Parameters<typeof verifyModelFile>[4]>[string]>;

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8')) as unknown;

/** The pinned DID documents by DID; a file that is not a DID document, or a DID given twice, is an error naming the file. */
function pinned(files: readonly string[]): Pinned {
  const out: Pinned = {};
  for (const file of files) {
    const doc = readJson(file) as { id?: unknown } | null;
    if (typeof doc !== 'object' || doc === null || typeof doc.id !== 'string' || !doc.id.startsWith('did:'))
      throw new Error(`${file} is not a DID document (no "id" that is a DID)`);
    if (Object.hasOwn(out, doc.id)) throw new Error(`${file}: the DID document of ${doc.id} is given twice`);
    out[doc.id] = doc as Pinned[string];
  }
  return out;
}

/**
 * `kontor model verify FILE --provenance PROVENANCE [--trust-did-document DID-DOC...]`: checks a model file offline
 * against its provenance (the JSON of `GET /api/v1/trainings/{id}/provenance`): file hash, weights hash, the
 * coordinator's credential and every site's countersignature. Prints each check and each signer's DID with its key
 * fingerprints. Without pinned DID documents the keys are the ones the provenance carries, so a pass is reported as
 * "self-consistent only" (anyone can write a consistent file for any DID); with them, every signer must be pinned and
 * a pass is "model verified". Exit 0 on a pass (either kind), 1 when a check fails or a file cannot be read.
 */
export async function modelVerifyCommand(file: string, opts: ModelVerifyOptions): Promise<void> {
  try {
    const bytes = readFileSync(file);
    const provenance = readJson(opts.provenance) as Record<string, unknown>;
    const trusted = opts.trustDidDocument && opts.trustDidDocument.length > 0 ? pinned(opts.trustDidDocument) : undefined;
    const result = await verifyModelFile(bytes, provenance, paramsHash, systemClock.now(), trusted);
    for (const c of result.checks) process.stdout.write(`${c.ok ? 'ok  ' : 'FAIL'} ${c.check}${c.ok || !c.detail ? '' : `: ${c.detail}`}\n`);
    const source = result.keysFrom === 'pinned' ? 'pinned DID document' : 'taken from the provenance file';
    for (const s of result.signers) process.stdout.write(`signer ${s.did} (keys ${source}): ${s.fingerprints.length > 0 ? s.fingerprints.join(', ') : 'no key'}\n`);
    if (!result.ok) process.stdout.write('model NOT verified\n');
    else if (result.keysFrom === 'pinned') process.stdout.write('model verified: every signer checked against a pinned DID document\n');
    else
      process.stdout.write(
        "self-consistent only: the signers' keys were taken from the file; compare the fingerprints above with the signers' own, or pin their DID documents with --trust-did-document\n",
      );
    if (!result.ok) process.exitCode = 1;
  } catch (error) {
    process.stderr.write(`kontor model verify: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
