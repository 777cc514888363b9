import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock, silentLogger } from '../../core/index.js';
import { AuditLog, MemoryAuditStore } from '../audit/index.js';
import { createOutboundPolicy } from '../http/outbound/index.js';
import { DidResolverRegistry, Ed25519Key, createDidKeyResolver, createDocumentLoader, didKeyIdentity, type IdentityRuntime } from '../identity/index.js';
import { SqlDutyTimerStore } from '../store/sql/sql-duty-timer-store.js';
import { freshDatabase } from '../../test/helpers/test-database.js';
import { ArtifactVault } from './artifact-vault.js';
import { MODEL_ARTIFACTS } from './deletion-duties.js';
import { DutyRunner, type DutyRunnerDeps } from './duty-runner.js';
import { MemoryArtifactKeyStore } from './memory-artifact-key-store.js';
import { DELIVERY_MAX_BACKOFF_MS } from './receipt-delivery.js';

const AGR = 'urn:uuid:agr-1';
const SITE = 'did:web:site.example';
const clock = new FixedClock(Date.parse('2026-06-01T00:00:00Z'));
const documentLoader = createDocumentLoader(new DidResolverRegistry([createDidKeyResolver()], { clock }));
const identity = didKeyIdentity(Ed25519Key.generate('k', clock.isoNow()));
const runtime = { did: identity.did, signer: () => identity, documentLoader } as unknown as IdentityRuntime;
type Receipt = { id: string; credentialSubject: { deletedArtifacts: { artifactName: string }[]; training?: string; transfer?: string } };

/** A coordinator's duty runner over SQLite duty timers, a vault in a temporary folder, and a site over HTTP that can be down. */
describe('the duty runner: deleting once, delivering the stored receipt until the site takes it', () => {
  let cleanup: () => Promise<void>;
  let duties: SqlDutyTimerStore;
  let vault: ArtifactVault;
  let root: string;
  let audit: AuditLog;
  let server: Server;
  let endpoint: string;
  let siteUp: boolean;
  let received: Receipt[];
  let shreds: number;
  let forgetFails: boolean;
  const runner = (over: Partial<DutyRunnerDeps> = {}) =>
    new DutyRunner({
      duties,
      vault,
      forgetModel: async () => {
        if (forgetFails) throw new Error('the training store is down');
      },
      audit,
      runtime,
      auth: { participantId: identity.did, tokenFor: async () => 'Bearer t' } as never,
      outbound: createOutboundPolicy({ allowLoopback: true }),
      clock,
      ids: { next: () => `r-${Math.random()}` },
      logger: silentLogger,
      owner: 'w',
      ...over,
    });
  const issued = async () =>
    (await audit.select({ agreementId: AGR, types: ['deletion'] })).flatMap((e) => ((e.data as { receipt?: Receipt }).receipt ? [(e.data as { receipt: Receipt }).receipt] : []));
  const names = (r: Receipt | undefined) => r?.credentialSubject.deletedArtifacts.map((a) => a.artifactName);
  const delivery = async () => (await duties.list({ offset: 0, limit: 10 })).items.find((d) => d.action === 'deliver-receipt');

  beforeEach(async () => {
    ({ cleanup } = await freshDatabase('sqlite').then(({ database, cleanup }) => {
      duties = new SqlDutyTimerStore(database, clock);
      return { cleanup };
    }));
    root = mkdtempSync(join(tmpdir(), 'kontor-duty-runner-'));
    vault = new ArtifactVault(root, new MemoryArtifactKeyStore(clock), clock);
    shreds = 0;
    const shred = vault.shred.bind(vault);
    vault.shred = (...args) => {
      shreds += 1;
      return shred(...args);
    };
    audit = new AuditLog(new MemoryAuditStore(), clock);
    siteUp = true;
    forgetFails = false;
    received = [];
    server = createServer((req, res) => {
      if (!siteUp) return void req.socket.destroy();
      let body = '';
      req.on('data', (c: Buffer) => (body += String(c)));
      req.on('end', () => {
        received.push((JSON.parse(body) as { receipt: Receipt }).receipt);
        res.statusCode = 204;
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/training/tp-site-1`;
    await vault.write({ agreementId: AGR, artifactClass: MODEL_ARTIFACTS, artifactName: 'model-t1' }, Buffer.from('{"params":[1,2]}'), 'urn:uuid:t1');
    await vault.write({ agreementId: AGR, artifactClass: MODEL_ARTIFACTS, artifactName: 'checkpoint-t1-r1' }, Buffer.from('{"params":[1]}'), 'urn:uuid:t1');
    await duties.schedule({
      id: 'delete:1',
      agreementId: AGR,
      action: 'delete',
      dueAt: clock.now(),
      payload: { artifactClass: MODEL_ARTIFACTS, trainingId: 'urn:uuid:t1', siteDid: SITE, endpoint, consequence: ['inform'] },
    });
  });
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(root, { recursive: true, force: true });
    await cleanup();
  });

  it('should shred and sign once, name the training and the site transfer, and deliver in the same sweep', async () => {
    await runner().tick();
    expect(received.map(names)).toEqual([['checkpoint-t1-r1', 'model-t1']]);
    expect(received[0]?.credentialSubject).toMatchObject({ training: 'urn:uuid:t1', transfer: 'tp-site-1' });
    expect((await delivery())?.state).toBe('done');
  });

  it('should keep delivering the same stored receipt while the site is down, with capped back-off and no give-up, also after a restart', async () => {
    siteUp = false;
    await runner().tick();
    const [receipt] = await issued();
    expect(names(receipt)).toEqual(['checkpoint-t1-r1', 'model-t1']);
    expect((await duties.findById('delete:1'))?.state).toBe('done');
    const waits = [((await delivery())?.dueAt ?? 0) - clock.now()]; // its first attempt failed in the same sweep
    for (let i = 0; i < 14; i += 1) {
      const before = await delivery();
      clock.advance((before?.dueAt ?? 0) - clock.now());
      await runner().tick(); // a new runner each time: the coordinator restarted in between
      const after = await delivery();
      expect(after?.state).toBe('pending');
      waits.push((after?.dueAt ?? 0) - clock.now());
    }
    expect(waits.slice(0, 3)).toEqual([2_000, 4_000, 8_000]);
    expect(Math.max(...waits)).toBe(DELIVERY_MAX_BACKOFF_MS);
    expect((await delivery())?.lastError).toBeTruthy(); // visible in GET /api/v1/deletions
    siteUp = true;
    clock.advance(DELIVERY_MAX_BACKOFF_MS);
    await runner().tick();
    expect((await delivery())?.state).toBe('done');
    expect(received).toEqual([receipt]);
    expect(shreds).toBe(1);
    expect(await issued()).toHaveLength(1);
  });

  it('should sign over the recorded list when a crash came between recording and shredding (never an emptier receipt)', async () => {
    const shred = vault.shred.bind(vault);
    let crash = true;
    vault.shred = async (...args) => {
      if (crash) {
        crash = false;
        await shred(...args); // the files are gone, then the process dies before signing
        throw new Error('crashed');
      }
      return shred(...args);
    };
    await runner().tick();
    expect(await issued()).toEqual([]);
    clock.advance(2_000);
    await runner().tick();
    expect(received.map(names)).toEqual([['checkpoint-t1-r1', 'model-t1']]);
  });

  it('should shred only the training of the duty when several share the agreement; each receipt names its own artifacts', async () => {
    await vault.write({ agreementId: AGR, artifactClass: MODEL_ARTIFACTS, artifactName: 'model-t2' }, Buffer.from('{"params":[3]}'), 'urn:uuid:t2');
    await runner().tick();
    expect(received.map(names)).toEqual([['checkpoint-t1-r1', 'model-t1']]);
    expect(await vault.read({ agreementId: AGR, artifactClass: MODEL_ARTIFACTS, artifactName: 'model-t2' }, 'urn:uuid:t2')).toEqual(Buffer.from('{"params":[3]}'));
    await duties.schedule({
      id: 'delete:2',
      agreementId: AGR,
      action: 'delete',
      dueAt: clock.now(),
      payload: { artifactClass: MODEL_ARTIFACTS, trainingId: 'urn:uuid:t2', siteDid: SITE, endpoint, consequence: [] },
    });
    await runner().tick();
    expect(received.map(names)).toEqual([['checkpoint-t1-r1', 'model-t1'], ['model-t2']]);
    expect(await vault.list(AGR, MODEL_ARTIFACTS)).toEqual([]);
  });

  it('should issue no receipt while forgetting the plain model fails, and retry', async () => {
    forgetFails = true;
    await runner().tick();
    expect(await issued()).toEqual([]);
    expect(shreds).toBe(0);
    expect(await duties.findById('delete:1')).toMatchObject({ state: 'pending', lastError: 'the training store is down' });
    forgetFails = false;
    clock.advance(2_000);
    await runner().tick();
    expect(received.map(names)).toEqual([['checkpoint-t1-r1', 'model-t1']]);
  });
});
