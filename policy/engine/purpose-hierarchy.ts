import { DEFAULT_PREFIXES, expandIri } from '../model/iri.js';
import { memoizeString } from '../model/memoize.js';

/** Purposes and their broader purposes. A narrower purpose satisfies a broader one. */
export interface PurposeHierarchy {
  /** Whether `purpose` is `broader` or (transitively) narrower than it. */
  satisfies(purpose: string, broader: string): boolean;
}

/** narrower purpose → its broader purposes (CURIEs or IRIs). */
export type PurposeTree = Readonly<Record<string, readonly string[]>>;

const P = (local: string): string => `purpose:${local}`;

/** The default tree: Kontor purposes, tied into DPV where a DPV concept exists. */
export const DEFAULT_PURPOSES: PurposeTree = {
  [P('research')]: ['dpv:ResearchAndDevelopment'],
  'dpv:AcademicResearch': ['dpv:ResearchAndDevelopment', P('research')],
  'dpv:NonCommercialResearch': ['dpv:ResearchAndDevelopment', P('research')],
  'dpv:CommercialResearch': ['dpv:ResearchAndDevelopment', P('research')],
  [P('federated-training')]: [P('research')],
  [P('federated-evaluation')]: [P('research')],
  [P('quality-management')]: ['dpv:ServiceOptimisation'],
  [P('product-development')]: ['dpv:ProductDevelopment'],
  [P('service-provision')]: ['dpv:ServiceProvision'],
  [P('logistics')]: [P('service-provision')],
};

/** Purpose strings that are not IRIs or CURIEs (e.g. "cx.pcf.base:1") are compared as they are. */
export const normalisePurpose = memoizeString((purpose: string): string => expandIri(purpose, DEFAULT_PREFIXES));

export function createPurposeHierarchy(tree: PurposeTree = DEFAULT_PURPOSES): PurposeHierarchy {
  const parents = new Map<string, string[]>();
  for (const [child, broader] of Object.entries(tree)) {
    parents.set(normalisePurpose(child), broader.map(normalisePurpose));
  }
  const known = new Map<string, boolean>();
  const satisfies = (purpose: string, broader: string): boolean => {
    const key = `${purpose}\u0000${broader}`;
    const hit = known.get(key);
    if (hit !== undefined) return hit;
    if (known.size >= 4096) known.clear();
    const out = search(purpose, broader);
    known.set(key, out);
    return out;
  };
  const search = (purpose: string, broader: string): boolean => {
    const target = normalisePurpose(broader);
    const seen = new Set<string>();
    const queue = [normalisePurpose(purpose)];
    for (let p = queue.shift(); p !== undefined; p = queue.shift()) {
      if (p === target) return true;
      if (seen.has(p)) continue;
      seen.add(p);
      queue.push(...(parents.get(p) ?? []));
    }
    return false;
  };
  return { satisfies };
}

/** Every purpose the tree names (narrower and broader), as full IRIs. */
export function knownPurposes(tree: PurposeTree = DEFAULT_PURPOSES): ReadonlySet<string> {
  return new Set(Object.entries(tree).flatMap(([child, broader]) => [child, ...broader].map(normalisePurpose)));
}
