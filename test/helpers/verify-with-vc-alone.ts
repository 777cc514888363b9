import { spawnSync } from 'node:child_process';

/**
 * Verifies a credential the way an outside party would: a fresh Node process that imports no Kontor code, only
 * @digitalbazaar/vc, the Data Integrity suite and the VC context package, given what anyone can download (the
 * issuer's DID document, its /.well-known/kontor-contexts). Credentials without a status entry need no status list.
 */
const VERIFIER = String.raw`
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {contexts} from '@digitalbazaar/credentials-context';
let text = '';
for await (const chunk of process.stdin) text += chunk;
const {didDocument, servedContexts, credential, now} = JSON.parse(text);
const docs = new Map([...contexts, ...Object.entries(servedContexts)]);
const documentLoader = async (url) => {
  const hit = docs.get(url);
  if (hit) return {contextUrl: null, documentUrl: url, document: structuredClone(hit)};
  if (url === didDocument.id) return {contextUrl: null, documentUrl: url, document: didDocument};
  const vm = didDocument.verificationMethod.find((m) => m.id === url);
  if (vm) return {contextUrl: null, documentUrl: url, document: vm};
  throw new Error('will not load ' + url);
};
const result = await vc.verifyCredential({credential, suite: new DataIntegrityProof({cryptosuite}), documentLoader, now});
console.log(JSON.stringify({verified: result.verified, errors: (result.error?.errors ?? (result.error ? [result.error] : [])).map((e) => String(e.message))}));
`;

export function verifyWithVcAlone(input: { didDocument: unknown; servedContexts: unknown; credential: unknown; now: string }): { verified: boolean; errors: string[] } {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', VERIFIER], { input: JSON.stringify(input), encoding: 'utf8', cwd: process.cwd(), timeout: 30_000 });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout.trim()) as { verified: boolean; errors: string[] };
}
