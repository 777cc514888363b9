import { describe, expect, it } from 'vitest';
import { expandBody } from './edc-expand.js';
import { EdcNode } from './edc-node.js';

const pointers = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: { violations: { pointer: string }[] }) => e.violations.map((v) => v.pointer),
  );

describe('v3 body expansion', () => {
  it('should read a body without @context with the EDC management context, and keep relative ids as written', async () => {
    const node = new EdcNode(await expandBody({ '@id': 'assetId', counterPartyId: 'provider' }));
    expect(node.id).toBe('assetId');
    expect(node.string('counterPartyId')).toBe('provider');
  });

  it('should refuse a context it does not ship, and a term that would be dropped, naming them', async () => {
    // The Catena-X policy context is shipped now (connector/identity/contexts/); a context nobody ships is still refused.
    expect(await pointers(expandBody({ '@context': 'https://contexts.example.org/unshipped/context.jsonld', x: 1 }))).toEqual(['/@context']);
    expect(
      await pointers(expandBody({ '@context': ['https://w3id.org/catenax/2025/9/policy/context.jsonld', { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/' }], x: 1 })),
    ).toBeUndefined();
    expect(await pointers(expandBody({ '@context': { '@vocab': null }, stray: 1 }))).toEqual(['/stray']);
  });

  it('should name every field nobody read', async () => {
    const node = new EdcNode(await expandBody({ '@context': { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/' }, counterPartyId: 'a', extra: 1, 'http://example.com/other': 2 }));
    node.string('counterPartyId');
    expect(() => node.finish()).toThrow(
      expect.objectContaining({ violations: [expect.objectContaining({ pointer: '/extra' }), expect.objectContaining({ pointer: '/http://example.com/other' })] }),
    );
  });

  it('should refuse an @id the expansion would turn into another id, at any depth, naming where', async () => {
    expect(await pointers(expandBody({ '@id': 'other/../a1' }))).toEqual(['/@id']);
    expect(await pointers(expandBody({ '@id': '../x' }))).toEqual(['/@id']);
    expect(await pointers(expandBody({ '@id': '/a1' }))).toEqual(['/@id']);
    expect(await pointers(expandBody({ '@id': './a1?x' }))).toEqual(['/@id']);
    expect(await pointers(expandBody({ '@id': 'p', policy: { '@id': 'o/../offer', '@type': 'Offer' } }))).toEqual(['/policy/@id']);
    // A prefix or an alias of @id in the body's own context: the id stored would not be the one written.
    expect(await pointers(expandBody({ '@context': { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/', ex: 'urn:ex:' }, '@id': 'ex:a1', name: 'A' }))).toEqual(['/@id']);
    expect(await pointers(expandBody({ '@context': { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/', key: '@id' }, key: 'a1', name: 'A' }))).toEqual(['/@id']);
    // As written, they stay as they are.
    for (const id of ['a1', 'urn:uuid:1', 'a.b..c', 'x?y=../z', 'did:web:example.com']) expect(new EdcNode(await expandBody({ '@id': id, name: 'A' })).id).toBe(id);
  });

  it('should refuse a __proto__ member at any depth, which the expansion would drop unread', async () => {
    // As JSON.parse makes it: an own member, not the prototype.
    const body = JSON.parse('{"@id":"a","properties":{"__proto__":{"x":1},"name":"n"}}') as object;
    expect(await pointers(expandBody(body))).toEqual(['/properties/__proto__']);
  });
});
