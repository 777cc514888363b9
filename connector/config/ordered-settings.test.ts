import { describe, expect, it } from 'vitest';
import { configProblems } from '../../test/helpers/config-problems.js';

const KEY = 'k'.repeat(24);
/** What a DCP connector on PostgreSQL must set besides the store. */
const PG_SHARED = { KONTOR_DATA_TOKEN_SECRET: 'd'.repeat(32), KONTOR_ARTIFACT_KEK: Buffer.alloc(32, 3).toString('base64') };

const problemsOf = (env: Record<string, string>): string[] => configProblems({ env: { KONTOR_API_KEY: KEY, ...env } });

describe('settings bounded by another setting', () => {
  it('should refuse a catalog page size above the largest page, naming both settings', () => {
    expect(problemsOf({ KONTOR_DSP_CATALOG_PAGE_SIZE: '1000' })).toEqual([
      'dsp.catalogPageSize: 1000 is above dsp.catalogMaxPageSize (500): the page size given when a requester names none is above the largest page one may ask for',
    ]);
    expect(problemsOf({ KONTOR_DSP_CATALOG_PAGE_SIZE: '1000', KONTOR_DSP_CATALOG_MAX_PAGE_SIZE: '1000' })).toEqual([]);
    expect(problemsOf({ KONTOR_DSP_CATALOG_PAGE_SIZE: '50', KONTOR_DSP_CATALOG_MAX_PAGE_SIZE: '20' })).toEqual([
      expect.stringMatching(/^dsp.catalogPageSize: 50 is above dsp.catalogMaxPageSize \(20\)/),
    ]);
  });

  it('should refuse a SQLite busy timeout longer than the whole lock wait, on SQLite only', () => {
    expect(problemsOf({ KONTOR_STORE_LOCK_WAIT_MS: '0' })).toEqual([
      'store.busyTimeoutMs: 50 is above store.lockWaitMs (0): the blocking wait of one attempt is longer than the whole lock wait it is part of',
    ]);
    expect(problemsOf({ KONTOR_STORE_LOCK_WAIT_MS: '0', KONTOR_STORE_BUSY_TIMEOUT_MS: '0' })).toEqual([]);
    // On PostgreSQL the pair is not compared: the lock wait given there is refused as a SQLite-only setting instead.
    expect(problemsOf({ KONTOR_STORE_LOCK_WAIT_MS: '0', KONTOR_STORE_KIND: 'postgres', KONTOR_STORE_URL: 'postgres://u@h/db', ...PG_SHARED })).toEqual([
      expect.stringMatching(/^store.lockWaitMs: is used only with store.kind sqlite/),
    ]);
  });

  it('should refuse a first retry delay above the 60 s the back-off is capped at', () => {
    expect(problemsOf({ KONTOR_RETRY_BASE_MS: '60001' })).toEqual(['stateMachine.retryBaseMs (KONTOR_RETRY_BASE_MS): must be at most 60000']);
    expect(problemsOf({ KONTOR_RETRY_BASE_MS: '60000' })).toEqual([]);
  });
});
