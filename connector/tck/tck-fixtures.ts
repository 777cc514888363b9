import { ConnectorError, isConnectorError, type Violation } from '../../core/index.js';
import type { RequestValidator } from '../http/request-validator.js';
import type { OperatorScript } from './operator-scripts.js';

type Json = Record<string, unknown>;

/** An offer id the TCK names (`CD123:ACN0101:456`) standing for one of our offers (a contract definition offering an asset). */
export interface OfferAlias {
  offerId: string;
  contractDefinitionId: string;
  assetId: string;
}

/** An agreement that exists before the TCK starts: we are its provider (`TP`) or its consumer (`TP_C`). */
export interface FixtureAgreement {
  id: string;
  assetId: string;
  role: 'provider' | 'consumer';
  counterPartyId: string;
  counterPartyAddress: string;
  policyId: string;
}

/** What `tck.fixtureFile` holds: the management resources (as the management API takes them), aliases and agreements. */
export interface TckFixtures {
  policies: Json[];
  assets: Json[];
  contractDefinitions: Json[];
  offerAliases: OfferAlias[];
  agreements: FixtureAgreement[];
  operatorScripts: OperatorScript[];
}

const TOP = ['policies', 'assets', 'contractDefinitions', 'offerAliases', 'agreements', 'operatorScripts'] as const;
const ACTIONS: Record<OperatorScript['process'], readonly string[]> = { negotiation: ['terminate', 'counter-offer'], transfer: ['terminate', 'complete', 'suspend', 'resume'] };
const INPUTS = { policies: 'PolicyDefinitionInput', assets: 'AssetInput', contractDefinitions: 'ContractDefinitionInput' } as const;
const ALIAS_FIELDS = ['offerId', 'contractDefinitionId', 'assetId'];
const AGREEMENT_FIELDS = ['id', 'assetId', 'role', 'counterPartyId', 'counterPartyAddress', 'policyId'];

/** Parses and checks a fixture file's text; every problem is named in one CONFIG_INVALID. */
export function parseTckFixtures(text: string, validator: RequestValidator): TckFixtures {
  const problems: Violation[] = [];
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConnectorError('CONFIG_INVALID', { detail: `the TCK fixture file is not JSON: ${(error as Error).message}` });
  }
  if (!isObject(raw)) problems.push({ pointer: '/', message: 'must be a JSON object' });
  const doc = isObject(raw) ? raw : {};
  for (const key of Object.keys(doc)) if (!(TOP as readonly string[]).includes(key)) problems.push({ pointer: `/${key}`, message: 'is not allowed here' });
  const list = (key: (typeof TOP)[number]): Json[] => {
    const v = doc[key] ?? [];
    if (Array.isArray(v) && v.every(isObject)) return v;
    problems.push({ pointer: `/${key}`, message: 'must be an array of objects' });
    return [];
  };
  for (const key of Object.keys(INPUTS) as (keyof typeof INPUTS)[]) {
    list(key).forEach((item, i) => {
      if (typeof item.id !== 'string') problems.push({ pointer: `/${key}/${i}/id`, message: 'is required' });
      try {
        validator.validate(INPUTS[key], item);
      } catch (error) {
        if (!isConnectorError(error)) throw error;
        problems.push(...error.violations.map((v) => ({ pointer: `/${key}/${i}${v.pointer}`, message: v.message })));
      }
    });
  }
  const strings = (key: 'offerAliases' | 'agreements', fields: string[]) =>
    list(key).forEach((item, i) => {
      for (const f of Object.keys(item)) if (!fields.includes(f)) problems.push({ pointer: `/${key}/${i}/${f}`, message: 'is not allowed here' });
      for (const f of fields) if (typeof item[f] !== 'string' || item[f] === '') problems.push({ pointer: `/${key}/${i}/${f}`, message: 'must be a non-empty string' });
      if (key === 'agreements' && !['provider', 'consumer'].includes(String(item.role)))
        problems.push({ pointer: `/${key}/${i}/role`, message: 'must be one of provider, consumer' });
    });
  strings('offerAliases', ALIAS_FIELDS);
  strings('agreements', AGREEMENT_FIELDS);
  for (const [i, item] of list('operatorScripts').entries()) problems.push(...scriptProblems(item, `/operatorScripts/${i}`));
  if (problems.length > 0) {
    throw new ConnectorError('CONFIG_INVALID', { detail: `invalid TCK fixture file: ${problems.map((p) => `${p.pointer}: ${p.message}`).join('; ')}`, violations: problems });
  }
  return {
    policies: list('policies'),
    assets: list('assets'),
    contractDefinitions: list('contractDefinitions'),
    offerAliases: list('offerAliases') as unknown as OfferAlias[],
    agreements: list('agreements') as unknown as FixtureAgreement[],
    operatorScripts: list('operatorScripts') as unknown as OperatorScript[],
  };
}

function scriptProblems(item: Json, at: string): Violation[] {
  const out: Violation[] = Object.keys(item)
    .filter((k) => !['process', 'match', 'steps'].includes(k))
    .map((k) => ({ pointer: `${at}/${k}`, message: 'is not allowed here' }));
  const actions = ACTIONS[item.process as OperatorScript['process']] as readonly string[] | undefined;
  if (!actions) out.push({ pointer: `${at}/process`, message: 'must be one of negotiation, transfer' });
  if (typeof item.match !== 'string' || item.match === '') out.push({ pointer: `${at}/match`, message: 'must be a non-empty string' });
  if (!Array.isArray(item.steps) || item.steps.length === 0) return [...out, { pointer: `${at}/steps`, message: 'must be a non-empty array' }];
  item.steps.forEach((st: unknown, j) => {
    const s = isObject(st) ? st : {};
    for (const k of Object.keys(s)) if (!['on', 'do'].includes(k)) out.push({ pointer: `${at}/steps/${j}/${k}`, message: 'is not allowed here' });
    if (typeof s.on !== 'string' || !/^[A-Z]+$/.test(s.on)) out.push({ pointer: `${at}/steps/${j}/on`, message: 'must be a state name (e.g. STARTED)' });
    if (s.do !== undefined && !(actions ?? []).includes(String(s.do))) out.push({ pointer: `${at}/steps/${j}/do`, message: `must be one of ${(actions ?? []).join(', ')}` });
  });
  return out;
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
