import { describe, expect, it } from 'vitest';
import { createPolicyEngine, parsePolicy } from '../index.js';

/** Exhaustive truth tables (all combinations of up to three children) against a reference logic. */
/** `deferred`: a later scope settles it (`until`); `never`: deferred, but no request settles it (a contract term). */
type S = 'true' | 'false' | 'deferred' | 'never' | 'error';
const STATES: S[] = ['true', 'false', 'deferred', 'never', 'error'];
const engine = createPolicyEngine({ builtins: false });
for (const s of STATES)
  engine.register('transfer', `https://example.org/${s}`, () =>
    s === 'deferred'
      ? { status: s, message: 'later', until: 'training.round' }
      : s === 'never'
        ? { status: 'deferred', message: 'a commitment' }
        : s === 'error'
          ? { status: s, message: 'cannot tell' }
          : { status: s, actual: s },
  );
const atom = (s: S) => ({ leftOperand: `https://example.org/${s}`, operator: 'eq', rightOperand: 1 });

/** A branch no request settles (`never`) counts as false inside or/xone; inside and it is a listed deferral. */
function reference(op: string, raw: S[]): S {
  if (raw.includes('error')) return 'error';
  if (op === 'and' || op === 'andSequence') return raw.includes('false') ? 'false' : raw.includes('deferred') ? 'deferred' : raw.includes('never') ? 'never' : 'true';
  const xs = raw.map((x) => (x === 'never' ? 'false' : x));
  const t = xs.filter((x) => x === 'true').length;
  const d = xs.includes('deferred');
  if (op === 'or') return t > 0 ? 'true' : d ? 'deferred' : 'false';
  if (t > 1) return 'false';
  return d ? 'deferred' : t === 1 ? 'true' : 'false';
}

function combos(n: number): S[][] {
  return n === 0 ? [[]] : combos(n - 1).flatMap((c) => STATES.map((s) => [...c, s]));
}

const verdict = (s: S) => ({ allowed: s === 'true' || s === 'deferred' || s === 'never', deferred: s === 'deferred' || s === 'never' });

describe('logical constraints behave as logic demands', () => {
  for (const op of ['and', 'or', 'xone', 'andSequence']) {
    it(`${op}: every combination of 1–3 children`, () => {
      for (const n of [1, 2, 3]) {
        for (const xs of combos(n)) {
          const p = parsePolicy({ permission: { action: 'use', constraint: { [op]: xs.map(atom) } } });
          const r = engine.evaluate(p, { scope: 'transfer', now: 0 });
          const want = verdict(reference(op, xs));
          expect({ xs, allowed: r.allowed, deferred: r.deferred.length > 0 && r.allowed }).toEqual({ xs, ...want });
        }
      }
    });
  }

  it('nesting: or(and(T,F), xone(T,F)) holds; and(or(F,F), T) does not', () => {
    const run = (constraint: unknown) => engine.evaluate(parsePolicy({ permission: { action: 'use', constraint } }), { scope: 'transfer', now: 0 }).allowed;
    expect(run({ or: [{ and: [atom('true'), atom('false')] }, { xone: [atom('true'), atom('false')] }] })).toBe(true);
    expect(run({ and: [{ or: [atom('false'), atom('false')] }, atom('true')] })).toBe(false);
  });

  it('in a prohibition: holds → deny, false → no effect, deferred → no effect now, error → deny', () => {
    const run = (s: S) =>
      engine.evaluate(parsePolicy({ permission: { action: 'use' }, prohibition: { action: 'use', constraint: atom(s) } }), { scope: 'transfer', now: 0 }).allowed;
    expect([run('true'), run('false'), run('deferred'), run('error')]).toEqual([false, true, true, false]);
  });

  it('a denial lists only the failing branches of an `and`', () => {
    const r = engine.evaluate(parsePolicy({ permission: { action: 'use', constraint: { and: [atom('true'), atom('false'), { or: [atom('true'), atom('false')] }] } } }), {
      scope: 'transfer',
      now: 0,
    });
    expect(r.problems.map((p) => p.path)).toEqual(['/permission/constraint/and/1']);
  });

  it('xone with two holding names the logical constraint', () => {
    const r = engine.evaluate(parsePolicy({ permission: { action: 'use', constraint: { xone: [atom('true'), atom('true')] } } }), { scope: 'transfer', now: 0 });
    expect(r.problems[0]).toMatchObject({ path: '/permission/constraint', actual: 2, expected: 1 });
  });
});
