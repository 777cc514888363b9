import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssetCriterion } from '../../../catalog/index.js';
import { FixedClock } from '../../../core/index.js';
import { BACKENDS, freshDatabase } from '../../../test/helpers/test-database.js';
import type { ContractNegotiation } from '../../negotiation/index.js';
import { newEntity } from '../../statemachine/new-entity.js';
import { storesOn, type Stores } from '../../store/sql/create-stores.js';
import type { TransferProcess } from '../../transfer/index.js';
import { agreementQuerySource } from './edc-agreement-routes.js';
import { edcAssets, edcContractDefinitions, edcPolicies } from './edc-catalog-resources.js';
import { edrQuerySource } from './edc-edr-routes.js';
import { negotiationQuerySource } from './edc-negotiation-routes.js';
import { resourceQuerySource } from './edc-resource-routes.js';
import { runQuery } from './edc-query-run.js';
import type { QuerySource } from './edc-query-source.js';
import { applyQuery, type QuerySpec } from './edc-query-spec.js';
import { transferQuerySource } from './edc-transfer-routes.js';

/** What one source was asked: listing pages and rows, and look-ups by id. */
interface Reads {
  pages: number;
  rows: number;
  lookups: number;
}

/** `source` with its store reads counted in `reads`. */
function counted<T, N extends object>(source: QuerySource<T, N>, reads: Reads): QuerySource<T, N> {
  return {
    ...source,
    page: async (offset, limit, n) => {
      const p = await source.page(offset, limit, n);
      reads.pages++;
      reads.rows += p.items.length;
      return p;
    },
    findById: async (id) => {
      reads.lookups++;
      return source.findById(id);
    },
  };
}

/** The answer of the v3 routes before runQuery: every item of the listing (pages of 500), then applyQuery. */
async function reference<T, N extends object>(source: QuerySource<T, N>, q: QuerySpec): Promise<T[]> {
  const all: T[] = [];
  for (let offset = 0; ; offset += 500) {
    const p = await source.page(offset, 500, {});
    all.push(...p.items);
    if (offset + 500 >= p.total || p.items.length === 0) break;
  }
  const more = all.flatMap((i) => source.sortableOf?.(i) ?? []);
  const kept = source.keep ? all.filter((i) => source.keep?.(i)) : all;
  return applyQuery(kept.map(source.queryable), q, { ...source.sortable, fields: [...source.sortable.fields, ...more] });
}

async function outcome<T>(source: QuerySource<T, object>, f: () => Promise<T[]>) {
  try {
    return { ids: (await f()).map((i) => source.queryable(i).id) };
  } catch (error) {
    const e = error as { code?: string; violations?: unknown };
    return { code: e.code, violations: e.violations };
  }
}

const kinds = ['assets', 'policies', 'contractDefinitions', 'negotiations', 'agreements', 'transfers', 'edrs'] as const;
type Kind = (typeof kinds)[number];

function sources(stores: Stores): Record<Kind, QuerySource<unknown, object>> {
  const resource = <T>(store: T) => ({ store }) as never;
  const negotiations = { list: (q: never) => stores.negotiations.list(q), get: (id: string) => stores.negotiations.getById(id) } as never;
  const transfers = { list: (q: never) => stores.transfers.list(q), get: (id: string) => stores.transfers.getById(id) } as never;
  return {
    assets: resourceQuerySource(edcAssets(resource(stores.assets))),
    policies: resourceQuerySource(edcPolicies(resource(stores.policies))),
    contractDefinitions: resourceQuerySource(edcContractDefinitions(resource(stores.contractDefinitions))),
    negotiations: negotiationQuerySource(negotiations),
    agreements: agreementQuerySource(stores.agreements),
    transfers: transferQuerySource(transfers),
    edrs: edrQuerySource(transfers),
  } as unknown as Record<Kind, QuerySource<unknown, object>>;
}

/** Ids that order differently as text and by localeCompare; createdAt in groups that tie. */
const idOf = (n: number) => ['A-', 'a_', 'b', 'B.', 'a'][n % 5] + String(n % 7) + String(n);

async function seed(stores: Stores, clock: FixedClock): Promise<void> {
  const at = (n: number) => clock.set(1_700_000_000_000 + Math.floor(n / 3) * 1000);
  for (let n = 0; n < 40; n++) {
    at(n);
    const site = n % 4 === 0 ? { 'edc:site': ['north', 'south'][n % 3 === 0 ? 0 : 1] as string } : {};
    await stores.assets.create({
      id: idOf(n),
      properties: { title: `T${n % 6}`, mediaType: n % 3 === 0 ? 'text/csv' : 'application/json', ...site },
      dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/x' },
    });
    await stores.policies.create({ id: `p${idOf(n)}`, policy: { '@type': 'Set', permission: [{ action: 'use' }] } });
    await stores.contractDefinitions.create({ id: `cd${idOf(n)}`, accessPolicyId: `p${idOf(n % 3)}`, contractPolicyId: `p${idOf(n % 2)}`, assetsSelector: [] });
    const role = n % 2 === 0 ? 'consumer' : 'provider';
    const negotiation = {
      ...newEntity(['FINALIZED', 'TERMINATED', 'REQUESTED'][n % 3] as string, 0),
      id: `n${idOf(n)}`,
      role,
      consumerPid: `n${n}`,
      counterPartyId: `did:web:p${n % 4}`,
      counterPartyAddress: 'http://peer.test',
      offer: {},
      handledMessages: [],
      history: [],
    };
    await stores.negotiations.save(negotiation as unknown as ContractNegotiation);
    await stores.agreements.save({
      id: `ag${idOf(n)}`,
      negotiationId: `n${idOf(n)}`,
      assigner: 'did:web:us',
      assignee: `did:web:p${n % 4}`,
      assetId: idOf(n % 5),
      signedAt: 1_700_000_000_000 + Math.floor(n / 4) * 1000,
      policy: { '@type': 'Agreement' },
      status: 'active',
    });
    const transfer = {
      ...newEntity(n % 3 === 2 ? 'TERMINATED' : 'STARTED', 0),
      id: `t${idOf(n)}`,
      role,
      consumerPid: `t${n}`,
      counterPartyId: `did:web:p${n % 4}`,
      counterPartyAddress: 'http://peer.test',
      agreementId: `ag${idOf(n)}`,
      assetId: idOf(n % 5),
      transferType: n % 4 === 1 ? 'HttpData-PUSH' : 'HttpData-PULL',
      ...(n % 4 === 1 ? { dataDestination: { '@type': 'DataAddress', endpointType: 'https://w3id.org/idsa/v4.1/HTTP', endpoint: 'https://sink.test/in' } } : {}),
      ...(n % 5 !== 4 ? { edr: { endpoint: 'https://p.test/data', token: 'tok', authType: 'bearer' } } : {}),
      history: [],
    };
    await stores.transfers.save(transfer as unknown as TransferProcess);
  }
}

/** The fields each kind's QuerySpecs name (as mapField gives them), and values for their criteria. */
const FIELDS: Record<Kind, string[]> = {
  assets: ['id', 'title', 'mediaType', 'edc:site', 'createdAt', 'nosuch'],
  policies: ['id', 'createdAt', 'title'],
  contractDefinitions: ['id', 'accessPolicyId', 'contractPolicyId', 'createdAt'],
  negotiations: ['id', 'state', 'type', 'counterPartyId', 'createdAt'],
  agreements: ['id', 'assetId', 'consumerId', 'contractSigningDate', 'createdAt'],
  transfers: ['id', 'state', 'type', 'transferType', 'assetId', 'dataDestination.type', 'createdAt'],
  edrs: ['id', 'assetId', 'providerId', 'createdAt', 'state'],
};
const VALUES = [
  ...[0, 1, 2, 3, 4, 5, 9].map(idOf),
  ...[0, 1, 2].flatMap((n) => [`p${idOf(n)}`, `cd${idOf(n)}`, `n${idOf(n)}`, `ag${idOf(n)}`, `t${idOf(n)}`]),
  'T1',
  'text/csv',
  'north',
  'STARTED',
  'TERMINATED',
  'FINALIZED',
  'CONSUMER',
  'HttpData-PULL',
  'HttpData',
  'did:web:p1',
  '1700000001000',
  '',
];
const criterion = (kind: Kind): fc.Arbitrary<AssetCriterion> =>
  fc.oneof(
    fc.record({ operandLeft: fc.constantFrom(...FIELDS[kind]), operator: fc.constantFrom('=' as const, '!=' as const), operandRight: fc.constantFrom(...VALUES) }),
    fc.record({ operandLeft: fc.constantFrom(...FIELDS[kind]), operator: fc.constant('in' as const), operandRight: fc.subarray(VALUES, { maxLength: 4 }) }),
  );
const querySpec = (kind: Kind): fc.Arbitrary<QuerySpec> =>
  fc
    .record({
      offset: fc.integer({ min: 0, max: 42 }),
      limit: fc.integer({ min: 1, max: 42 }),
      sortField: fc.constantFrom(undefined, 'createdAt', 'createdAt', ...FIELDS[kind]),
      desc: fc.boolean(),
      filter: fc.array(criterion(kind), { maxLength: 2 }),
    })
    .map(({ desc, sortField, filter, offset, limit }) => ({
      offset,
      limit,
      filter,
      filterAt: filter.map((_, i) => `/filterExpression/${i}/operandLeft`),
      sortOrder: desc && sortField ? ('DESC' as const) : ('ASC' as const),
      ...(sortField ? { sortField } : {}),
    }));

for (const { backend, skip } of BACKENDS) {
  describe.skipIf(skip)(`EDC v3 QuerySpec on the ${backend} stores`, () => {
    let stores: Stores;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      const fresh = await freshDatabase(backend);
      const clock = new FixedClock();
      stores = storesOn(fresh.database, clock);
      cleanup = fresh.cleanup;
      await seed(stores, clock);
    }, 120_000);
    afterAll(async () => cleanup?.());

    it.each(kinds)('on %s: should answer as the whole listing and applyQuery did, for any QuerySpec', async (kind) => {
      const source = sources(stores)[kind];
      await fc.assert(
        fc.asyncProperty(querySpec(kind), fc.constantFrom(3, 500), async (q, chunk) => {
          const expected = await outcome(source, () => reference(source, q));
          expect([q, await outcome(source, () => runQuery(source, q, { chunk, max: 10_000 }))]).toEqual([q, expected]);
        }),
        { numRuns: 60 },
      );
    });

    it('should read only the rows of the page for a page of the listing, or of a filter the store applies', async () => {
      const q = (p: Partial<QuerySpec>): QuerySpec => ({ offset: 0, limit: 50, sortOrder: 'ASC', filter: [], filterAt: [], ...p });
      const cases: [Kind, QuerySpec, Reads][] = [
        ['assets', q({ offset: 30, limit: 5 }), { pages: 1, rows: 5, lookups: 0 }],
        ['assets', q({ limit: 4, filter: [{ operandLeft: 'mediaType', operator: '=', operandRight: 'text/csv' }] }), { pages: 1, rows: 4, lookups: 0 }],
        [
          'contractDefinitions',
          q({ offset: 2, limit: 3, filter: [{ operandLeft: 'accessPolicyId', operator: '=', operandRight: `p${idOf(1)}` }] }),
          { pages: 1, rows: 3, lookups: 0 },
        ],
        [
          'negotiations',
          q({ offset: 1, limit: 2, filter: [{ operandLeft: 'state', operator: 'in', operandRight: ['FINALIZED', 'TERMINATED'] }] }),
          { pages: 1, rows: 2, lookups: 0 },
        ],
        ['transfers', q({ limit: 3, filter: [{ operandLeft: 'state', operator: '=', operandRight: 'STARTED' }] }), { pages: 1, rows: 3, lookups: 0 }],
        // The store reads an empty filter value as none: `= ""` is applied to the items read, matching none.
        ['assets', q({ filter: [{ operandLeft: 'mediaType', operator: '=', operandRight: '' }] }), { pages: 1, rows: 40, lookups: 0 }],
        ['agreements', q({ filter: [{ operandLeft: 'assetId', operator: '=', operandRight: '' }] }), { pages: 1, rows: 40, lookups: 0 }],
        ['agreements', q({ filter: [{ operandLeft: 'assetId', operator: '=', operandRight: idOf(2) }] }), { pages: 1, rows: 8, lookups: 0 }],
        ['policies', q({ filter: [{ operandLeft: 'id', operator: 'in', operandRight: [`p${idOf(3)}`, 'nope'] }] }), { pages: 0, rows: 0, lookups: 2 }],
        ['edrs', q({ filter: [{ operandLeft: 'id', operator: '=', operandRight: `t${idOf(0)}` }] }), { pages: 0, rows: 0, lookups: 1 }],
      ];
      for (const [kind, query, expected] of cases) {
        const reads = { pages: 0, rows: 0, lookups: 0 };
        const source = sources(stores)[kind];
        const found = await runQuery(counted(source, reads), query);
        expect([kind, query, reads]).toEqual([kind, query, expected]);
        expect([kind, query, found.length > 0]).toEqual([kind, query, !query.filter.some((c) => c.operandRight === '')]);
        expect(found.map((i) => source.queryable(i).id)).toEqual((await reference(source, query)).map((i) => source.queryable(i).id));
      }
    });
  });
}
