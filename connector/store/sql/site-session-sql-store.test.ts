import { afterEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../core/index.js';
import { freshDatabase, TEST_PG_URL, type Backend } from '../../../test/helpers/test-database.js';
import { SiteSessionSqlStore } from './site-session-sql-store.js';

const backends: Backend[] = TEST_PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];

describe.each(backends)('a suspended site session (%s)', (backend) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  const store = async () => {
    const { database, cleanup } = await freshDatabase(backend);
    cleanups.push(cleanup);
    const s = new SiteSessionSqlStore(database, new FixedClock(10_000));
    await s.open({ transferId: 'tp-1', agreementId: 'agr', coordinatorDid: 'did:web:c', assetId: 'penguins' });
    await s.open({ transferId: 'tp-2', agreementId: 'agr', coordinatorDid: 'did:web:c', assetId: 'penguins' });
    return s;
  };

  it('serves no round while suspended, and after the resume continues with its counters and the no-replay rule', async () => {
    const s = await store();
    expect(await s.advance('tp-1', 1, 'j1', 'fit')).toBe(true);
    await s.suspend('tp-1');
    expect(await s.find('tp-1')).toMatchObject({ status: 'suspended', suspensions: 1, roundsDone: 1, lastRound: 1 });
    expect(await s.advance('tp-1', 2, 'j2', 'fit')).toBe(false);
    await s.suspend('tp-1'); // SUSPENDING then SUSPENDED: one suspension
    expect((await s.find('tp-1'))?.suspensions).toBe(1);
    expect((await s.listActive()).map((x) => x.transferId)).toEqual(['tp-2']);
    expect((await s.listLive()).map((x) => x.transferId).sort()).toEqual(['tp-1', 'tp-2']);
    await s.resume('tp-1');
    expect(await s.find('tp-1')).toMatchObject({ status: 'active', suspensions: 1, roundsDone: 1, lastRound: 1, usedTokens: ['j1'] });
    expect(await s.advance('tp-1', 1, 'j3', 'fit')).toBe(false); // round 1 was served before the suspension
    expect(await s.advance('tp-1', 3, 'j1', 'fit')).toBe(false); // and its token is still spent
    expect(await s.advance('tp-1', 3, 'j4', 'fit')).toBe(true);
    expect(await s.roundsUnderAgreement('agr')).toBe(2);
  });

  it('keeps an ended session ended: a suspension or a resume does not bring it back', async () => {
    const s = await store();
    await s.end('tp-1');
    await s.suspend('tp-1');
    await s.resume('tp-1');
    expect(await s.find('tp-1')).toMatchObject({ status: 'ended', suspensions: 0 });
    await s.suspend('tp-2');
    await s.end('tp-2');
    await s.resume('tp-2');
    expect(await s.find('tp-2')).toMatchObject({ status: 'ended', suspensions: 1 });
    expect(await s.listLive()).toEqual([]);
  });
});
