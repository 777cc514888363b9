import { describe, expect, it } from 'vitest';
import { configProblems } from '../../test/helpers/config-problems.js';
import { storeUrlOptions, storeUrlOptionsProblem } from './store-url-options.js';

const BASE = 'postgres://kontor:PGSECRETPW@127.0.0.1:5432/test';
const url = (options: string) => `${BASE}?options=${encodeURIComponent(options)}`;
/** What a connector on PostgreSQL must set besides the store (loadConfig). */
const PG = {
  KONTOR_API_KEY: 'k3y-0123456789abcdefXYZ',
  KONTOR_STORE_KIND: 'postgres',
  KONTOR_DATA_TOKEN_SECRET: 'd'.repeat(32),
  KONTOR_ARTIFACT_KEK: Buffer.alloc(32, 3).toString('base64'),
};

describe('storeUrlOptions', () => {
  it('should split the options off and keep the other parameters in their order', () => {
    expect(storeUrlOptions(`${BASE}?application_name=k&options=-c%20a%3Db&sslmode=disable&options=-c+c%3Dd#x`)).toEqual({
      base: `${BASE}?application_name=k&sslmode=disable#x`,
      options: ['-c a=b', '-c c=d'],
    });
    expect(storeUrlOptions(`${BASE}?sslmode=disable`)).toEqual({ base: `${BASE}?sslmode=disable`, options: [] });
  });
});

/** Review item 1: a bad options parameter in store.url failed at start with no reason, and `kontor config` took it. */
describe('the options of a PostgreSQL store.url', () => {
  it.each([
    ['-c statement_timeout=5000', undefined],
    ['-c statement_timeout=5s -c lock_timeout=1min --idle-session-timeout=0', undefined],
    ['-csynchronous_commit=off -c application_name=a\\ b', undefined],
    ['-c search_path=x', 'sets search_path in its options: the schema is store.schema (KONTOR_STORE_SCHEMA); remove it from the URL'],
    ['-c statement_timeout=5000 --search-path=x', 'sets search_path in its options: the schema is store.schema (KONTOR_STORE_SCHEMA); remove it from the URL'],
    ['-c statement_timeout=abc', 'sets statement_timeout=abc in its options parameter, which is not a duration: give milliseconds or a number with a unit (5000, 5s, 1min)'],
    ['-c lock_timeout=', 'sets lock_timeout= in its options parameter, which is not a duration: give milliseconds or a number with a unit (5000, 5s, 1min)'],
    ['-x', "has '-x' in its options parameter, which is not a server setting: give each as -c name=value"],
    ['statement_timeout=5000', "has 'statement_timeout=5000' in its options parameter, which is not a server setting: give each as -c name=value"],
    ['-c statement_timeout', "has 'statement_timeout' in its options parameter, which is not a server setting: give each as -c name=value"],
    ['-c', 'ends its options parameter with -c and no setting: give -c name=value'],
  ])('%s: %s', (options, problem) => {
    expect(storeUrlOptionsProblem(url(options))).toBe(problem);
  });

  it('should make `kontor config` and `kontor start` (loadConfig) refuse it, naming store.url and never its password', () => {
    for (const [options, said] of [
      ['-c search_path=x', 'sets search_path in its options'],
      ['-c statement_timeout=abc', 'sets statement_timeout=abc in its options parameter, which is not a duration'],
    ]) {
      const problems = configProblems({ env: { ...PG, KONTOR_STORE_URL: url(options as string) } });
      expect(problems).toEqual([expect.stringContaining(`store.url: ${said}`)]);
      expect(problems.join()).not.toContain('PGSECRETPW');
    }
    expect(configProblems({ env: { ...PG, KONTOR_STORE_URL: url('-c statement_timeout=5000') } })).toEqual([]);
  });
});
