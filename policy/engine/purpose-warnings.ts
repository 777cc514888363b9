import type { Constraint } from '../model/constraint.js';
import { NS, compactIri } from '../model/iri.js';
import type { Policy } from '../model/policy.js';
import { itemsOf } from '../model/value.js';
import { DEFAULT_PURPOSES, knownPurposes, normalisePurpose, type PurposeTree } from './purpose-hierarchy.js';
import { allRules } from './validate-policy.js';

/** A purpose right operand the purpose vocabulary does not know: only a request declaring exactly it satisfies it. */
export interface PurposeWarning {
  /** JSON pointer of the constraint in the policy, e.g. `/permission/0/constraint/1`. */
  pointer: string;
  /** The purpose as the policy writes it. */
  purpose: string;
  message: string;
}

const PURPOSE = `${NS.odrl}purpose`;

/**
 * The `purpose` constraints of `policy` whose right operand names a purpose the tree does not know (a bare word such
 * as `research`, a typo, a purpose of another vocabulary). Such a constraint is not invalid, but no narrower purpose
 * satisfies it and a request declaring the Kontor purpose of the same name does not either; the warning says which
 * known purpose was probably meant. Catena-X `UsagePurpose` values are Catena-X's own strings and are not checked.
 */
export function purposeWarnings(policy: Policy, tree: PurposeTree = DEFAULT_PURPOSES): PurposeWarning[] {
  const known = knownPurposes(tree);
  const out: PurposeWarning[] = [];
  const visit = (c: Constraint): void => {
    if (c.kind === 'logical') {
      for (const inner of c.constraints) visit(inner);
      return;
    }
    if (c.leftOperand !== PURPOSE) return;
    for (const item of itemsOf(c.rightOperand)) {
      if (item.type !== 'string' && item.type !== 'iri') continue;
      const full = normalisePurpose(item.value);
      if (known.has(full)) continue;
      out.push({ pointer: c.path, purpose: item.value, message: unknownPurpose(item.value, full, known) });
    }
  };
  for (const rule of allRules(policy)) {
    for (const c of [...rule.actions.flatMap((a) => a.refinements), ...rule.constraints]) visit(c);
  }
  return out;
}

function unknownPurpose(written: string, full: string, known: ReadonlySet<string>): string {
  const local = full.slice(Math.max(full.lastIndexOf('/'), full.lastIndexOf('#'), full.lastIndexOf(':')) + 1);
  const meant = [...known].find((k) => k.toLowerCase().endsWith(`/${local.toLowerCase()}`) || k.toLowerCase().endsWith(`#${local.toLowerCase()}`));
  const head = `purpose ${JSON.stringify(written)} is not in the purpose vocabulary: only a request declaring exactly ${JSON.stringify(written)} satisfies it, no narrower purpose does`;
  return meant ? `${head}; did you mean ${compactIri(meant)} (${meant})?` : head;
}
