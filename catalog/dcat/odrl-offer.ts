import { canonicalPolicyTerms } from '../../policy/index.js';
import type { OdrlOffer, OdrlRule } from './dcat-types.js';
import { withDspIris } from './dsp-iris.js';
import { withOdrlNames } from './odrl-only-terms.js';

const OPERATORS = new Set(['eq', 'gt', 'gteq', 'lteq', 'hasPart', 'isA', 'isAllOf', 'isAnyOf', 'isNoneOf', 'isPartOf', 'lt', 'term-lteq', 'neq']);
const LOGICAL = ['and', 'or', 'xone', 'andSequence'] as const;
const RULE_KINDS = ['permission', 'prohibition', 'obligation'] as const;

export type OfferBuild = { ok: true; offer: OdrlOffer } | { ok: false; problem: string };

class Unrepresentable extends Error {}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);

/** `odrl:eq` / `http://www.w3.org/ns/odrl/2/eq` / `{"@id": …}` → `eq`. */
function term(value: unknown, path: string): string {
  const raw = isObject(value) && typeof value['@id'] === 'string' ? value['@id'] : value;
  if (typeof raw !== 'string' || raw === '') throw new Unrepresentable(`${path} must be a term`);
  return raw.replace(/^(odrl:|http:\/\/www\.w3\.org\/ns\/odrl\/2\/)/, '');
}

function constraint(value: unknown, path: string): Json {
  if (!isObject(value)) throw new Unrepresentable(`${path} must be an object`);
  const logical = LOGICAL.filter((op) => op in value);
  if (logical.length > 0) {
    if (logical.length > 1) throw new Unrepresentable(`${path} mixes logical operators`);
    const op = logical[0] as string;
    return { [op]: asArray(value[op]).map((c, i) => constraint(c, `${path}/${op}/${i}`)) };
  }
  const operator = term(value.operator, `${path}/operator`);
  if (!OPERATORS.has(operator)) throw new Unrepresentable(`${path}/operator '${operator}' is not a DSP 2025-1 operator`);
  const right = value.rightOperand;
  if (right === undefined || right === null) throw new Unrepresentable(`${path}/rightOperand is missing`);
  // The schema allows string, object or array only: other JSON scalars become JSON-LD value objects.
  const rightOperand = typeof right === 'number' || typeof right === 'boolean' ? { '@value': right } : right;
  const { leftOperand, operator: _o, rightOperand: _r, ...rest } = value;
  return { ...withOdrlNames(rest), leftOperand: term(leftOperand, `${path}/leftOperand`), operator, rightOperand };
}

function rule(value: unknown, path: string): OdrlRule {
  if (!isObject(value)) throw new Unrepresentable(`${path} must be an object`);
  // Rules carry no target in DSP: the dataset is the target.
  const { action, constraint: constraints, duty, target: _t, uid: _u, ...rest } = value;
  const out: OdrlRule = { ...withOdrlNames(rest), action: term(action, `${path}/action`) };
  if (constraints !== undefined) out.constraint = asArray(constraints).map((c, i) => constraint(c, `${path}/constraint/${i}`));
  if (duty !== undefined) out.duty = asArray(duty).map((d, i) => rule(d, `${path}/duty/${i}`));
  return out;
}

/**
 * The DSP 2025-1 `Offer` for a stored contract policy (ODRL compact JSON): single rules and constraints become
 * arrays, operators lose the `odrl:` prefix, numbers and booleans become `{"@value": …}`, `target`/`uid`/`@context`
 * are dropped, ODRL terms the DSP context lacks are written with the `odrl:` prefix (`odrl:unit`, withOdrlNames), and
 * terms under a prefix Kontor knows but the DSP context does not (`cx-policy:`, `fl:`, …) become full IRIs
 * (withDspIris: DSP messages carry the DSP context alone). A policy that the DSP schema cannot express (no
 * permission and no prohibition, unknown operator, non-term action) gives a problem instead of an invalid offer.
 */
export function toOdrlOffer(stored: Readonly<Record<string, unknown>>, id: string, assigner: string): OfferBuild {
  // Rule keys as DSP names them and the policy's own prefixes expanded: the offer carries what the engine enforces.
  const canonical = canonicalPolicyTerms(stored);
  if (!canonical.ok) return { ok: false, problem: canonical.problems.map((p) => `${p.pointer} ${p.message}`).join('; ') };
  const policy = canonical.policy;
  try {
    const offer: OdrlOffer = { '@id': id, '@type': 'Offer', assigner };
    const profile = policy.profile;
    if (typeof profile === 'string' || (Array.isArray(profile) && profile.every((p) => typeof p === 'string'))) offer.profile = profile;
    for (const kind of RULE_KINDS) {
      if (policy[kind] === undefined) continue;
      const rules = asArray(policy[kind]).map((r, i) => rule(r, `/${kind}/${i}`));
      if (rules.length > 0) offer[kind] = rules;
    }
    if (!offer.permission && !offer.prohibition) return { ok: false, problem: 'the policy has neither a permission nor a prohibition' };
    return { ok: true, offer: withDspIris(offer) as OdrlOffer };
  } catch (error) {
    if (error instanceof Unrepresentable) return { ok: false, problem: error.message };
    throw error;
  }
}
