import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../../core/index.js';
import { loadConfig } from './load-config.js';

const env = { KONTOR_API_KEY: 'k'.repeat(24) };

/** The problems of loading `text` as the config file, each `pointer: message`. */
function fileProblems(text: string): string[] {
  try {
    loadConfig({ env, file: 'kontor.json', readFile: () => text });
  } catch (e) {
    if (e instanceof ConnectorError) return e.violations.map((v) => `${v.pointer}: ${v.message}`);
    throw e;
  }
  return [];
}

describe('the JSON config file', () => {
  it('should refuse an object where a setting takes a value, never flatten it away', () => {
    expect(fileProblems('{"log":{"level":{}}}')).toEqual(['log.level (config file): must be a string, got an object']);
    expect(fileProblems('{"managementApi":{"port":{"value":8181}}}')).toEqual(['managementApi.port (config file): must be an integer (a JSON number), got an object']);
    expect(fileProblems('{"colour":{}}')).toEqual(['colour (config file): unknown setting']);
  });

  it('should refuse a setting given twice, nested and dotted or by a repeated name', () => {
    expect(fileProblems('{"log":{"level":"debug"},"log.level":"warn"}')).toEqual(['log.level (config file): is given twice in the config file']);
    expect(fileProblems('{"log":{"level":"debug","level":"warn"}}')).toEqual(['log.level (config file): is given twice in the config file']);
    expect(fileProblems('{"log.level":"debug","log.level":"warn"}')).toEqual(['log.level (config file): is given twice in the config file']);
  });

  it('should want the JSON type of the setting, not text that reads as it', () => {
    expect(fileProblems('{"managementApi":{"port":"8181"}}')).toEqual(['managementApi.port (config file): must be an integer (a JSON number), got string "8181"']);
    expect(fileProblems('{"webhooks":{"allowHttp":"1"}}')).toEqual(['webhooks.allowHttp (config file): must be true or false (a JSON boolean), got string "1"']);
    expect(fileProblems('{"did":{"httpHosts":"a,b"}}')).toEqual(['did.httpHosts (config file): must be a list of strings (a JSON array), got string "a,b"']);
    expect(fileProblems('{"managementApi":{"port":8181},"webhooks":{"allowHttp":true},"did":{"httpHosts":["a"]},"log":{"level":"warn"}}')).toEqual([]);
  });

  it('should still read the environment as text', () => {
    const c = loadConfig({ env: { ...env, KONTOR_MANAGEMENT_PORT: '9181', KONTOR_WEBHOOKS_ALLOW_HTTP: '1' } });
    expect(c.managementApi.port).toBe(9181);
    expect(c.webhooks.allowHttp).toBe(true);
  });

  it('should name only the place of a JSON mistake, never quote the file (a secret given as --config by mistake)', () => {
    const secret = 's3cret-Token-1234567890';
    expect(fileProblems(secret)).toEqual(['kontor.json: the config file is not valid JSON: a mistake at line 1, column 1']);
    expect(fileProblems(`{\n  "log": {"level": ${secret}}\n}`)).toEqual(['kontor.json: the config file is not valid JSON: a mistake at line 2, column 20']);
    expect(fileProblems('{\n"log": {"level": "debug"},\n}')).toEqual(['kontor.json: the config file is not valid JSON: a mistake at line 3, column 1']);
    expect(fileProblems(`{"managementApi": {"apiKey": "${secret}`)).toEqual(['kontor.json: the config file is not valid JSON: it ends too early']);
    expect(fileProblems('')).toEqual(['kontor.json: the config file is not valid JSON: it ends too early']);
  });

  it('should call constructor and __proto__ unknown settings, as any other name', () => {
    expect(fileProblems('{"constructor": 1, "__proto__": {"log": {"level": "debug"}}, "toString": "x"}').sort()).toEqual([
      '__proto__ (config file): unknown setting',
      'constructor (config file): unknown setting',
      'toString (config file): unknown setting',
    ]);
    expect(fileProblems('{"log": {"constructor": 1}}')).toEqual(['log.constructor (config file): unknown setting']);
  });
});
