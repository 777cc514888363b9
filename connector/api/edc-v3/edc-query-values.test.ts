import { describe, expect, it } from 'vitest';
import type { Asset } from '../../../catalog/index.js';
import type { ResourceRoutesSpec } from '../routes/resource-routes.js';
import { edcAssets } from './edc-catalog-resources.js';
import { expandBody } from './edc-expand.js';
import { EdcNode } from './edc-node.js';
import { applyQuery, querySpecFromEdc } from './edc-query-spec.js';
import { edcLocal } from './edc-vocabulary.js';

const body = async (q: Record<string, unknown>) => new EdcNode(await expandBody({ '@context': { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/' }, '@type': 'QuerySpec', ...q }));
const items = ['a', 'b', 'c'].map((id, i) => ({ item: id, id, fields: { createdAt: [30, 4, 100][i], open: i !== 1 } }));
const FIELDS = { fields: ['createdAt', 'open'] };
const filtered = async (operandLeft: string, operandRight: unknown, operator = '=') =>
  applyQuery(items, querySpecFromEdc(await body({ filterExpression: [{ operandLeft, operator, operandRight }] }), edcLocal), FIELDS);

describe('QuerySpec values compared by value', () => {
  it('should match a number or boolean operandRight against the items’ numbers and booleans, and the same value written as text', async () => {
    expect(await filtered('createdAt', 30)).toEqual(['a']);
    expect(await filtered('createdAt', '30')).toEqual(['a']);
    expect(await filtered('createdAt', [4, 100], 'in')).toEqual(['b', 'c']);
    expect(await filtered('open', false)).toEqual(['b']);
    expect(await filtered('open', 'true')).toEqual(['a', 'c']);
  });

  it('should filter and sort assets on their createdAt, as the other resources', async () => {
    const spec = edcAssets({} as ResourceRoutesSpec<Asset, Record<string, string>>);
    const asset = (id: string, createdAt: number, properties: Record<string, unknown> = {}) => ({ id, createdAt, properties: { title: id, ...properties } }) as unknown as Asset;
    const assets = [asset('x', 20), asset('y', 10, { 'edc:createdAt': 'a property' }), asset('z', 30)];
    const query = async (q: Record<string, unknown>) =>
      applyQuery(assets.map(spec.queryable), querySpecFromEdc(await body(q), spec.mapField), spec.sortable(assets)).map((a) => a.id);
    expect(await query({ sortField: 'createdAt' })).toEqual(['y', 'x', 'z']);
    expect(await query({ sortField: 'https://w3id.org/edc/v0.0.1/ns/createdAt', sortOrder: 'DESC' })).toEqual(['z', 'x', 'y']);
    expect(await query({ filterExpression: [{ operandLeft: 'createdAt', operator: '=', operandRight: 20 }] })).toEqual(['x']);
    expect(await query({ filterExpression: [{ operandLeft: 'createdAt', operator: 'in', operandRight: ['10', '30'] }] })).toEqual(['y', 'z']);
  });
});
