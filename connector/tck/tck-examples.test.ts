import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../api/openapi-document.js';
import { RequestValidator } from '../http/request-validator.js';
import { loadConfig } from '../config/load-config.js';
import { parseTckFixtures } from './tck-fixtures.js';

const file = (name: string) => new URL(`../../examples/tck/${name}`, import.meta.url).pathname;
/** Java properties as the TCK reads the sample (one `key=value` a line; `#` comments). */
const properties = Object.fromEntries(
  readFileSync(file('tck.properties'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
);
const fixtures = parseTckFixtures(readFileSync(file('fixtures.json'), 'utf8'), new RequestValidator(openApiDocument));

describe('the TCK examples', () => {
  it('should give the TCK the header, participant and URLs that the sample Kontor configuration expects', () => {
    const config = loadConfig({ file: file('kontor-tck.json'), env: { KONTOR_API_KEY: 'k'.repeat(24) } });
    expect(config.tck.enabled).toBe(true);
    expect(properties['dataspacetck.dsp.connector.http.headers.authorization']).toBe(config.identity.dev.fixedAuthorization);
    expect(properties['dataspacetck.dsp.connector.agent.id']).toBe(config.participantId);
    expect(properties['dataspacetck.dsp.connector.http.url']).toBe(`${config.publicApi.url}${config.dsp.basePath}`);
    expect(properties['dataspacetck.dsp.connector.http.base.url']).toBe(config.publicApi.url);
    expect(properties['dataspacetck.dsp.connector.negotiation.initiate.url']).toBe(`${config.publicApi.url}/tck/negotiations/requests`);
    expect(properties['dataspacetck.dsp.connector.transfer.initiate.url']).toBe(`${config.publicApi.url}/tck/transfers/requests`);
  });

  it('should seed every dataset, offer id and agreement the properties name for Kontor, and not CAT0103', () => {
    const assets = new Set(fixtures.assets.map((a) => a.id));
    const aliases = new Map(fixtures.offerAliases.map((a) => [a.offerId, a.assetId]));
    const agreements = new Map(fixtures.agreements.map((a) => [a.id, a.role]));
    for (const [key, value] of Object.entries(properties)) {
      if (/^CN_\d/.test(key) && key.endsWith('_DATASETID')) expect(assets.has(value), key).toBe(true);
      if (/^CN_\d/.test(key) && key.endsWith('_OFFERID')) expect(aliases.get(value), key).toBe(properties[key.replace('OFFERID', 'DATASETID')]);
      if (/^TP_\d/.test(key) && key.endsWith('_AGREEMENTID')) expect(agreements.get(value), key).toBe('provider');
      if (/^TP_C_/.test(key) && key.endsWith('_AGREEMENTID')) expect(agreements.get(value), key).toBe('consumer');
    }
    expect([assets.has('CAT0101'), assets.has('CAT0102'), assets.has('CAT0103')]).toEqual([true, true, false]);
  });

  it('should refuse a fixture file with a field it does not know, naming it', () => {
    const text = JSON.stringify({ offerAliases: [{ offerId: 'a', contractDefinitionId: 'b', assetId: 'c', note: 'x' }], extras: [] });
    expect(() => parseTckFixtures(text, new RequestValidator(openApiDocument))).toThrow(
      'invalid TCK fixture file: /extras: is not allowed here; /offerAliases/0/note: is not allowed here',
    );
  });
});
