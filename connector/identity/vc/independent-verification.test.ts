import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../../core/index.js';
import { projectContexts } from '../contexts/project-contexts.js';
import { DevDataSpace } from '../dev/dev-data-space.js';
import { buildDidDocument } from '../did/build-did-document.js';

/**
 * The acceptance check "the authority's credentials verify with @digitalbazaar/vc alone, given only
 * the issuer's DID document". It runs in a fresh Node process (jsonld's context cache is
 * process-global, pitfall 1) that imports no Kontor code: vc, the suite, the VC context package,
 * node:zlib, and what a verifier can download (DID document, /.well-known/kontor-contexts, the
 * status list credential) passed in as JSON.
 */
const VERIFIER = String.raw`
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {contexts} from '@digitalbazaar/credentials-context';
import {gunzipSync} from 'node:zlib';
let text = '';
for await (const chunk of process.stdin) text += chunk;
const {didDocument, servedContexts, credential, statusList, now} = JSON.parse(text);
const docs = new Map([...contexts, ...Object.entries(servedContexts)]);
const documentLoader = async (url) => {
  const hit = docs.get(url);
  if (hit) return {contextUrl: null, documentUrl: url, document: structuredClone(hit)};
  if (url === didDocument.id) return {contextUrl: null, documentUrl: url, document: didDocument};
  const vm = didDocument.verificationMethod.find((m) => m.id === url);
  if (vm) return {contextUrl: null, documentUrl: url, document: vm};
  throw new Error('will not load ' + url);
};
const suite = new DataIntegrityProof({cryptosuite});
const checkStatus = async ({credential}) => {
  const entry = credential.credentialStatus;
  if (entry.statusListCredential !== statusList.id) return {verified: false};
  const listResult = await vc.verifyCredential({credential: statusList, suite, documentLoader, now});
  if (!listResult.verified || statusList.issuer !== credential.issuer) return {verified: false};
  const bits = gunzipSync(Buffer.from(statusList.credentialSubject.encodedList.slice(1), 'base64url'));
  const index = Number(entry.statusListIndex);
  return {verified: (bits[index >> 3] & (0x80 >> (index % 8))) === 0};
};
const result = await vc.verifyCredential({credential, suite, documentLoader, now, checkStatus});
if (process.env.DEBUG_VERIFY) console.error(JSON.stringify(result.error?.errors?.map(e => e.message) ?? result.error?.message ?? null));
console.log(JSON.stringify({verified: result.verified, status: result.statusResult?.verified ?? null}));
`;

function verifyElsewhere(input: unknown): { verified: boolean; status: boolean | null } {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', VERIFIER], { input: JSON.stringify(input), encoding: 'utf8', cwd: process.cwd(), timeout: 20_000 });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout.trim()) as { verified: boolean; status: boolean | null };
}

describe('authority credentials checked by @digitalbazaar/vc alone', () => {
  it('should verify, and detect tampering and revocation, outside Kontor', async () => {
    const clock = new FixedClock();
    const space = new DevDataSpace(clock);
    const { credential, index } = await space.issueMembership({ id: 'did:web:127.0.0.1%3A8282', legalName: 'Alice GmbH', roles: ['consumer'] });
    const published = JSON.parse(JSON.stringify({
      didDocument: buildDidDocument({ did: space.authority.did, keys: space.authority.keys.all() }),
      servedContexts: projectContexts,
      now: clock.isoNow(),
    })) as Record<string, unknown>;
    const statusList = await space.statusProvider.fetchStatusList(space.statusListUrl);
    expect(verifyElsewhere({ ...published, credential, statusList })).toEqual({ verified: true, status: true });

    const tampered = { ...credential, validUntil: '2099-01-01T00:00:00Z' };
    expect(verifyElsewhere({ ...published, credential: tampered, statusList }).verified).toBe(false);

    space.revoke(index);
    const revokedList = await space.statusProvider.fetchStatusList(space.statusListUrl);
    expect(verifyElsewhere({ ...published, credential, statusList: revokedList })).toEqual({ verified: false, status: false });
  });
});
