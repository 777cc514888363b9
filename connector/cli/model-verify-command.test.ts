import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { bytes, COORDINATOR, documentsOf, keysFor, provenance, SITE } from '../../test/helpers/signed-model-provenance.js';
import { modelVerifyCommand } from './model-verify-command.js';

const dir = mkdtempSync(join(tmpdir(), 'kontor-model-verify-'));
const file = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' || Buffer.isBuffer(content) ? content : JSON.stringify(content));
  return path;
};
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

async function run(opts: { provenance: string; trustDidDocument?: string[] }): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  await modelVerifyCommand(file('model.json', bytes), opts);
  const code = Number(process.exitCode ?? 0);
  vi.restoreAllMocks();
  return { out, err, code };
}

describe('kontor model verify', () => {
  it('should call a pass with keys from the file self-consistent only, naming each signer and key fingerprint, never "model verified"', async () => {
    const rings = keysFor();
    const { out, code } = await run({ provenance: file('p.json', await provenance(rings)) });
    expect(code).toBe(0);
    expect(out).toMatch(/self-consistent only: the signers' keys were taken from the file/);
    expect(out).not.toMatch(/model verified/);
    expect(out).toMatch(new RegExp(`signer ${COORDINATOR} \\(keys taken from the provenance file\\): ${COORDINATOR}#key-\\d+ sha256:[0-9a-f]{64}`));
    expect(out).toMatch(new RegExp(`signer ${SITE} `));
  });

  it('should say "model verified" only with pinned DID documents the keys match, and fail an outsider\'s provenance', async () => {
    const real = keysFor();
    const docs = documentsOf(real);
    const pins = [file('coordinator-did.json', docs[COORDINATOR]), file('site-did.json', docs[SITE])];
    const good = await run({ provenance: file('p.json', await provenance(real)), trustDidDocument: pins });
    expect(good.code).toBe(0);
    expect(good.out).toMatch(/^model verified: every signer checked against a pinned DID document$/m);
    const forged = await run({ provenance: file('p.json', await provenance(keysFor(), 1)), trustDidDocument: pins });
    expect(forged.code).toBe(1);
    expect(forged.out).toMatch(/FAIL the coordinator's TrainedModelCredential verifies/);
    expect(forged.out).toMatch(/model NOT verified/);
  });

  it('should refuse a pinned file that is not a DID document, naming it', async () => {
    const { err, code } = await run({ provenance: file('p.json', await provenance(keysFor())), trustDidDocument: [file('junk.json', { hello: 1 })] });
    expect(code).toBe(1);
    expect(err).toMatch(/junk\.json is not a DID document/);
  });
});
