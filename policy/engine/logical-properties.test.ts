import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPolicyEngine, parsePolicy } from '../index.js';

/**
 * Property tests: random trees of and/or/xone/andSequence over leaves whose outcome we control,
 * against a reference four-valued logic. `unknown` (no function) and `throws` leaves are errors too.
 */
type Leaf = 'true' | 'false' | 'deferred' | 'later' | 'error' | 'unknown' | 'throws';
type Tree = { leaf: Leaf } | { op: 'and' | 'or' | 'xone' | 'andSequence'; children: Tree[] };
/** `deferred`: no request settles it (a contract term); `later`: a later scope settles it. */
type S = 'true' | 'false' | 'deferred' | 'later' | 'error';

const engine = createPolicyEngine({ builtins: false });
for (const s of ['true', 'false', 'deferred', 'error'] as const) {
  engine.register('transfer', `https://example.org/${s}`, () =>
    s === 'deferred' ? { status: s, message: 'later' } : s === 'error' ? { status: s, message: 'cannot tell' } : { status: s, actual: s },
  );
}
engine.register('transfer', 'https://example.org/later', () => ({ status: 'deferred', message: 'in a round', until: 'training.round' }));
engine.register('transfer', 'https://example.org/throws', () => {
  throw new Error('boom');
});

const { tree } = fc.letrec<{ tree: Tree; node: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ leaf: fc.constantFrom<Leaf>('true', 'false', 'deferred', 'later', 'error', 'unknown', 'throws') }),
    tie('node'),
  ),
  node: fc.record({ op: fc.constantFrom('and', 'or', 'xone', 'andSequence' as const), children: fc.array(tie('tree'), { minLength: 1, maxLength: 4 }) }),
}));
/** Only true/false leaves: classical two-valued logic must hold exactly. */
const { boolTree } = fc.letrec<{ boolTree: Tree; boolNode: Tree }>((tie) => ({
  boolTree: fc.oneof({ depthSize: 'small' }, fc.record({ leaf: fc.constantFrom<Leaf>('true', 'false') }), tie('boolNode')),
  boolNode: fc.record({ op: fc.constantFrom('and', 'or', 'xone', 'andSequence' as const), children: fc.array(tie('boolTree'), { minLength: 1, maxLength: 4 }) }),
}));

const toJson = (t: Tree): unknown => ('leaf' in t ? { leftOperand: `https://example.org/${t.leaf}`, operator: 'eq', rightOperand: 1 } : { [t.op]: t.children.map(toJson) });

/** A deferred branch that no request settles cannot make an `or`/`xone` hold: it counts as false there. */
function reference(t: Tree): S {
  if ('leaf' in t) return t.leaf === 'unknown' || t.leaf === 'throws' ? 'error' : t.leaf;
  const raw = t.children.map(reference);
  if (raw.includes('error')) return 'error';
  if (t.op === 'and' || t.op === 'andSequence') return raw.includes('false') ? 'false' : raw.includes('later') ? 'later' : raw.includes('deferred') ? 'deferred' : 'true';
  const xs = raw.map((x) => (x === 'deferred' ? 'false' : x));
  const holding = xs.filter((x) => x === 'true').length;
  const open = xs.includes('later');
  if (t.op === 'or') return holding > 0 ? 'true' : open ? 'later' : 'false';
  if (holding > 1) return 'false';
  return open ? 'later' : holding === 1 ? 'true' : 'false';
}

function boolean(t: Tree): boolean {
  if ('leaf' in t) return t.leaf === 'true';
  const xs = t.children.map(boolean);
  if (t.op === 'or') return xs.some(Boolean);
  if (t.op === 'xone') return xs.filter(Boolean).length === 1;
  return xs.every(Boolean);
}

const leaves = (t: Tree): Leaf[] => ('leaf' in t ? [t.leaf] : t.children.flatMap(leaves));
const permit = (t: Tree) => parsePolicy({ permission: { action: 'use', constraint: toJson(t) } });
const prohibit = (t: Tree) => parsePolicy({ permission: { action: 'use' }, prohibition: { action: 'use', constraint: toJson(t) } });
const ctx = { scope: 'transfer', now: 0 } as const;
const OPTIONS = { seed: 20260615, numRuns: 400 };

describe('logical constraints (property tests, fixed seed)', () => {
  it('a permission allows exactly when the reference logic says true or deferred', () => {
    fc.assert(
      fc.property(tree, (t) => {
        const r = engine.evaluate(permit(t), ctx);
        const want = reference(t);
        expect(r.allowed).toBe(want === 'true' || want === 'deferred' || want === 'later');
        expect(r.allowed && r.deferred.length > 0).toBe(want === 'deferred' || want === 'later');
        expect(r.allowed && r.deferred.some((d) => d.until === 'training.round')).toBe(want === 'later');
      }),
      OPTIONS,
    );
  });

  it('with only true/false leaves, and/or/xone/andSequence are classical logic', () => {
    fc.assert(
      fc.property(boolTree, (t) => {
        expect(engine.evaluate(permit(t), ctx).allowed).toBe(boolean(t));
      }),
      OPTIONS,
    );
  });

  it('never allows when a leaf errors, wherever it is, and names an erroring leaf', () => {
    fc.assert(
      fc.property(tree, (t) => {
        fc.pre(leaves(t).some((l) => l === 'error' || l === 'unknown' || l === 'throws'));
        const r = engine.evaluate(permit(t), ctx);
        expect(r.allowed).toBe(false);
        expect(r.problems.some((p) => /cannot tell|unknown left operand|failed: boom/.test(p.message))).toBe(true);
        expect(engine.evaluate(prohibit(t), ctx).allowed).toBe(false);
      }),
      OPTIONS,
    );
  });

  it('a prohibition denies when its constraints hold or cannot be decided, and only then', () => {
    fc.assert(
      fc.property(tree, (t) => {
        const want = reference(t);
        expect(engine.evaluate(prohibit(t), ctx).allowed).toBe(want === 'false' || want === 'deferred' || want === 'later');
      }),
      OPTIONS,
    );
  });

  it('every denial names constraints inside the policy', () => {
    fc.assert(
      fc.property(tree, (t) => {
        const r = engine.evaluate(permit(t), ctx);
        if (r.allowed) return;
        expect(r.problems.length).toBeGreaterThan(0);
        for (const p of r.problems) expect(p.path.startsWith('/permission/constraint')).toBe(true);
      }),
      OPTIONS,
    );
  });
});
