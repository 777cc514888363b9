import { describe, expect, it } from 'vitest';
import { expandBody } from './edc-expand.js';
import { EdcNode } from './edc-node.js';
import { applyQuery, querySpecFromEdc } from './edc-query-spec.js';
import { edcLocal } from './edc-vocabulary.js';

const spec = async (q: Record<string, unknown>) =>
  querySpecFromEdc(new EdcNode(await expandBody({ '@context': { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/' }, '@type': 'QuerySpec', ...q })), edcLocal);
const items = ['c', 'a', 'd', 'b'].map((id, i) => ({ item: id, id, fields: { state: i % 2 === 0 ? 'FINALIZED' : 'TERMINATED' } }));

describe('EDC QuerySpec', () => {
  it('should filter, sort and page as EDC does', async () => {
    expect(applyQuery(items, await spec({ sortField: 'id', sortOrder: 'DESC' }))).toEqual(['d', 'c', 'b', 'a']);
    expect(applyQuery(items, await spec({ sortField: 'https://w3id.org/edc/v0.0.1/ns/id', offset: 1, limit: 2 }))).toEqual(['b', 'c']);
    expect(applyQuery(items, await spec({ filterExpression: [{ operandLeft: 'state', operator: '=', operandRight: 'FINALIZED' }], sortField: 'id' }))).toEqual(['c', 'd']);
    expect(applyQuery(items, await spec({ filterExpression: { operandLeft: 'id', operator: 'in', operandRight: ['a', 'b'] }, sortField: 'id' }))).toEqual(['a', 'b']);
    expect(querySpecFromEdc(undefined, edcLocal)).toEqual({ offset: 0, limit: 50, sortOrder: 'ASC', filter: [] });
  });

  it('should refuse what it cannot honour, naming the field', async () => {
    await expect(spec({ sortOrder: 'UP' })).rejects.toMatchObject({ violations: [{ pointer: '/sortOrder' }] });
    await expect(spec({ limit: 0 })).rejects.toMatchObject({ violations: [{ pointer: '/limit' }] });
    await expect(spec({ groupBy: 'x' })).rejects.toMatchObject({ violations: [{ pointer: '/groupBy' }] });
  });
});
