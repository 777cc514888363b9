import { describe, expect, it } from 'vitest';
import { expandBody } from './edc-expand.js';
import { EdcNode } from './edc-node.js';

const CTX = { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/' };
const body = async (json: Record<string, unknown>) => new EdcNode(await expandBody({ '@context': CTX, ...json }));
const violations = (act: () => void) => {
  try {
    act();
    return undefined;
  } catch (e) {
    return (e as { violations: { pointer: string; message: string }[] }).violations;
  }
};

describe("a v3 body's own @id", () => {
  it('should be refused, naming /@id, on a route that acts on the id in its path when it names another id', async () => {
    const node = await body({ '@id': 'b', reason: 'r' });
    expect(violations(() => node.pathId('a'))).toEqual([{ pointer: '/@id', message: "differs from the id in the path 'a'" }]);
  });

  it('should be taken there when it repeats the path id, or when it is absent', async () => {
    const same = await body({ '@id': 'a', reason: 'r' });
    same.pathId('a');
    same.string('reason');
    expect(violations(() => same.finish())).toBeUndefined();
    const none = await body({ reason: 'r' });
    none.pathId('a');
    none.string('reason');
    expect(violations(() => none.finish())).toBeUndefined();
  });

  it('should be refused, naming /@id, on a body where no route reads it (a QuerySpec, a catalog request), never accepted and ignored', async () => {
    const node = await body({ '@id': 'x', '@type': 'QuerySpec', limit: 1 });
    node.integer('limit', 0, 10);
    expect(violations(() => node.finish())).toEqual([{ pointer: '/@id', message: expect.stringMatching(/means nothing on this route/) }]);
  });

  it('should be accepted where the route reads it (a create)', async () => {
    const node = await body({ '@id': 'x', name: 'X' });
    expect(node.id).toBe('x');
    node.string('name');
    expect(violations(() => node.finish())).toBeUndefined();
  });
});
