import { spawnSync } from 'node:child_process';

/**
 * Verifies credentials the way an outside party would: a fresh Node process (jsonld's context cache is
 * process-global) that imports no Kontor code, only @digitalbazaar/vc, the Data Integrity suites (eddsa-rdfc-2022
 * and eddsa-jcs-2022, each proof checked by the one its `cryptosuite` names), the VC context package and node:zlib,
 * given what anyone can download: the issuer's DID document, its /.well-known/kontor-contexts and, for credentials
 * with a BitstringStatusListEntry, the status list credential.
 */
const VERIFIER = `
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {createVerifyCryptosuite} from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import {contexts} from '@digitalbazaar/credentials-context';
import {gunzipSync} from 'node:zlib';
let text = '';
for await (const chunk of process.stdin) text += chunk;
const {didDocument, servedContexts, credentials, statusList, now} = JSON.parse(text);
const docs = new Map([...contexts, ...Object.entries(servedContexts)]);
const documentLoader = async (url) => {
  const hit = docs.get(url);
  if (hit) return {contextUrl: null, documentUrl: url, document: structuredClone(hit)};
  if (url === didDocument.id) return {contextUrl: null, documentUrl: url, document: didDocument};
  const vm = didDocument.verificationMethod.find((m) => m.id === url);
  if (vm) return {contextUrl: null, documentUrl: url, document: vm};
  throw new Error('will not load ' + url);
};
const suite = [new DataIntegrityProof({cryptosuite}), new DataIntegrityProof({cryptosuite: createVerifyCryptosuite()})];
const checkStatus = async ({credential}) => {
  const entry = credential.credentialStatus;
  if (!statusList || entry.statusListCredential !== statusList.id) return {verified: false};
  const listResult = await vc.verifyCredential({credential: statusList, suite, documentLoader, now});
  if (!listResult.verified || statusList.issuer !== credential.issuer) return {verified: false};
  const bits = gunzipSync(Buffer.from(statusList.credentialSubject.encodedList.slice(1), 'base64url'));
  const index = Number(entry.statusListIndex);
  return {verified: (bits[index >> 3] & (0x80 >> (index % 8))) === 0};
};
const out = [];
for (const credential of credentials) {
  const result = await vc.verifyCredential({credential, suite, documentLoader, now, ...(credential.credentialStatus ? {checkStatus} : {})});
  out.push({verified: result.verified, status: result.statusResult?.verified ?? null, errors: (result.error?.errors ?? (result.error ? [result.error] : [])).map((e) => String(e.message))});
}
console.log(JSON.stringify(out));
`;

export interface OutsideVerdict {
  verified: boolean;
  /** The status check's verdict, or null for a credential without a status entry. */
  status: boolean | null;
  errors: string[];
}

export function verifyWithVcAlone(input: { didDocument: unknown; servedContexts: unknown; credentials: unknown[]; now: string; statusList?: unknown }): OutsideVerdict[] {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', VERIFIER], { input: JSON.stringify(input), encoding: 'utf8', cwd: process.cwd(), timeout: 30_000 });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout.trim()) as OutsideVerdict[];
}
