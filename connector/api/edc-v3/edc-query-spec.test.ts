import { describe, expect, it } from 'vitest';
import { expandBody } from './edc-expand.js';
import { EdcNode } from './edc-node.js';
import { applyQuery, querySpecFromEdc } from './edc-query-spec.js';
import { toKontorProperty } from './edc-property-names.js';
import { edcLocal } from './edc-vocabulary.js';

const spec = async (q: Record<string, unknown>) =>
  querySpecFromEdc(new EdcNode(await expandBody({ '@context': { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/' }, '@type': 'QuerySpec', ...q })), edcLocal);
const items = ['c', 'a', 'd', 'b'].map((id, i) => ({ item: id, id, fields: { state: i % 2 === 0 ? 'FINALIZED' : 'TERMINATED', createdAt: [30, 4, 100, 4][i] } }));
const SORTABLE = { fields: ['state', 'createdAt'] };

describe('EDC QuerySpec', () => {
  it('should filter, sort and page as EDC does', async () => {
    expect(applyQuery(items, await spec({ sortField: 'id', sortOrder: 'DESC' }), SORTABLE)).toEqual(['d', 'c', 'b', 'a']);
    expect(applyQuery(items, await spec({ sortField: 'https://w3id.org/edc/v0.0.1/ns/id', offset: 1, limit: 2 }), SORTABLE)).toEqual(['b', 'c']);
    expect(applyQuery(items, await spec({ filterExpression: [{ operandLeft: 'state', operator: '=', operandRight: 'FINALIZED' }], sortField: 'id' }), SORTABLE)).toEqual([
      'c',
      'd',
    ]);
    expect(applyQuery(items, await spec({ filterExpression: { operandLeft: 'id', operator: 'in', operandRight: ['a', 'b'] }, sortField: 'id' }), SORTABLE)).toEqual(['a', 'b']);
    expect(querySpecFromEdc(undefined, edcLocal)).toEqual({ offset: 0, limit: 50, sortOrder: 'ASC', filter: [], filterAt: [] });
  });

  it('should refuse what it cannot honour, naming the field', async () => {
    await expect(spec({ sortOrder: 'UP' })).rejects.toMatchObject({ violations: [{ pointer: '/sortOrder' }] });
    await expect(spec({ limit: 0 })).rejects.toMatchObject({ violations: [{ pointer: '/limit' }] });
    expect((await spec({ offset: 1_000_000_000 })).offset).toBe(1_000_000_000);
    await expect(spec({ offset: 2_000_000_000 })).rejects.toMatchObject({ violations: [{ pointer: '/offset', message: 'must be an integer from 0 to 1000000000' }] });
    await expect(spec({ groupBy: 'x' })).rejects.toMatchObject({ violations: [{ pointer: '/groupBy' }] });
    await expect(spec({ sortOrder: 'DESC' })).rejects.toMatchObject({ violations: [{ pointer: '/sortOrder', message: 'DESC needs a sortField, the field to order by' }] });
  });

  it('should refuse a sortField the items cannot be sorted on, naming it and listing those they can', async () => {
    const q = await spec({ sortField: 'nosuchfield', sortOrder: 'DESC' });
    expect(() => applyQuery(items, q, SORTABLE)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => applyQuery([], q, { fields: ['title'], shown: (f) => (f === 'title' ? 'name' : f) })).toThrow(
      expect.objectContaining({ violations: [{ pointer: '/sortField', message: "'nosuchfield' is not a field these items can be sorted on (sortable: id, name)" }] }),
    );
  });

  it('should refuse a filter on a field the items lack, at its operandLeft, listing those they have, rather than match none or all', async () => {
    const filtered = async (...filterExpression: Record<string, unknown>[]) => applyQuery(items, await spec({ filterExpression }), SORTABLE);
    for (const operator of ['=', '!=', 'in']) {
      await expect(filtered({ operandLeft: 'nosuch', operator, operandRight: operator === 'in' ? ['x'] : 'x' })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        violations: [{ pointer: '/filterExpression/operandLeft', message: "'nosuch' is not a field these items can be filtered on (filterable: id, state, createdAt)" }],
      });
    }
    // No item carries a title but an asset: `title = ""` is refused, not matched by every item.
    await expect(filtered({ operandLeft: 'title', operator: '=', operandRight: '' })).rejects.toMatchObject({ violations: [{ pointer: '/filterExpression/operandLeft' }] });
    await expect(filtered({ operandLeft: 'id', operator: '=', operandRight: 'a' }, { operandLeft: 'x', operator: '=', operandRight: 'a' })).rejects.toMatchObject({
      violations: [{ pointer: '/filterExpression/1/operandLeft' }],
    });
    const open = await spec({ filterExpression: [{ operandLeft: 'title', operator: '=', operandRight: '' }] });
    expect(applyQuery(items, open, { ...SORTABLE, anyFilterField: true })).toEqual([]);
  });

  it('should match a dotted path the items declare, such as a transfer destination type', async () => {
    const transfers = [
      { item: 'push', id: 'push', fields: { dataDestination: { '@type': 'DataAddress', type: 'HttpData', baseUrl: 'https://sink.example' } } },
      { item: 'pull', id: 'pull', fields: {} },
    ];
    const fields = { fields: [], paths: ['dataDestination.type'] };
    const q = await spec({ filterExpression: [{ operandLeft: 'dataDestination.type', operator: '=', operandRight: 'HttpData' }] });
    expect(applyQuery(transfers, q, fields)).toEqual(['push']);
    const other = await spec({ filterExpression: [{ operandLeft: 'dataDestination.type', operator: '!=', operandRight: 'HttpData' }] });
    expect(applyQuery(transfers, other, fields)).toEqual(['pull']);
    await expect(async () =>
      applyQuery(transfers, await spec({ filterExpression: [{ operandLeft: 'dataDestination.baseUrl', operator: '=', operandRight: 'x' }] }), fields),
    ).rejects.toMatchObject({
      violations: [{ message: "'dataDestination.baseUrl' is not a field these items can be filtered on (filterable: id, dataDestination.type)" }],
    });
  });

  it('should honour sortOrder on every sortable field: numbers by number, ties by id, DESC the exact reverse of ASC', async () => {
    expect(applyQuery(items, await spec({ sortField: 'createdAt' }), SORTABLE)).toEqual(['a', 'b', 'c', 'd']);
    expect(applyQuery(items, await spec({ sortField: 'createdAt', sortOrder: 'DESC' }), SORTABLE)).toEqual(['d', 'c', 'b', 'a']);
    expect(applyQuery(items, await spec({ sortField: 'state', sortOrder: 'ASC' }), SORTABLE)).toEqual(['c', 'd', 'a', 'b']);
    expect(applyQuery(items, await spec({ sortField: 'state', sortOrder: 'DESC' }), SORTABLE)).toEqual(['b', 'a', 'd', 'c']);
  });

  it("should match a property holding {'@id'} by its @id, under the property's IRI or Tractus-X's '<iri>'.'@id' path", async () => {
    const DCT_TYPE = 'http://purl.org/dc/terms/type';
    const SUBMODEL = 'https://w3id.org/catenax/taxonomy#Submodel';
    const assets = [
      { item: 'sub', id: 'sub', fields: { title: 'S', [DCT_TYPE]: { '@id': SUBMODEL } } },
      { item: 'twin', id: 'twin', fields: { title: 'T', [DCT_TYPE]: [{ '@id': 'https://w3id.org/catenax/taxonomy#DigitalTwinRegistry' }] } },
      { item: 'plain', id: 'plain', fields: { title: 'P' } },
    ];
    const query = async (operandLeft: string, operator: string, operandRight: unknown) =>
      applyQuery(
        assets,
        querySpecFromEdc(
          new EdcNode(
            await expandBody({ '@context': { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/' }, '@type': 'QuerySpec', filterExpression: [{ operandLeft, operator, operandRight }] }),
          ),
          toKontorProperty,
        ),
        { fields: ['title'], anyFilterField: true },
      );
    expect(await query(DCT_TYPE, '=', SUBMODEL)).toEqual(['sub']);
    expect(await query(`'${DCT_TYPE}'.'@id'`, '=', SUBMODEL)).toEqual(['sub']);
    expect(await query(`'${DCT_TYPE}'.'@id'`, 'in', [SUBMODEL, 'https://w3id.org/catenax/taxonomy#DigitalTwinRegistry'])).toEqual(['sub', 'twin']);
    expect(await query(DCT_TYPE, '!=', SUBMODEL)).toEqual(['twin', 'plain']);
    expect(await query(`'${DCT_TYPE}'.'@id'`, '=', 'https://w3id.org/catenax/taxonomy#Other')).toEqual([]);
  });
});
