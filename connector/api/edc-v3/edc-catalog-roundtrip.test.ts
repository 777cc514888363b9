import type { Response } from 'express';
import { describe, expect, it } from 'vitest';
import { toOdrlOffer } from '../../../catalog/index.js';
import { createPolicyEngine, DEFAULT_PREFIXES, expandIri, NS } from '../../../policy/index.js';
import { catalogToEdc } from './edc-catalog-view.js';
import { expandBody } from './edc-expand.js';
import { sendEdc } from './edc-http.js';
import { EdcNode } from './edc-node.js';
import { policyFromEdc } from './edc-policy.js';
import { sameRules } from '../../negotiation/same-rules.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const OFFER_ID = 'urn:kontor:offer:d:a:0123456789abcdef';

/** The v3 catalog answer (POST /management/v3/catalog/request) for a peer's catalog with this one offer. */
function catalogAnswer(offer: Json): Json {
  const catalog = { '@id': 'c', '@type': 'Catalog', participantId: 'did:web:p', dataset: [{ '@id': 'a', '@type': 'Dataset', hasPolicy: [offer] }] };
  let sent: Json = {};
  const res = { status: () => res, json: (body: Json) => (sent = JSON.parse(JSON.stringify(body)) as Json) } as unknown as Response;
  sendEdc(res, catalogToEdc(catalog) as Json);
  return sent;
}

/** The answer's offer copied into a ContractRequest under the answer's @context, as docs/edc-migration.md shows, and read. */
async function sentBack(answer: Json): Promise<Json> {
  const offer = (answer['dcat:dataset'] as Json)['odrl:hasPolicy'] as Json;
  const body = {
    '@context': answer['@context'],
    '@type': 'ContractRequest',
    counterPartyAddress: 'http://127.0.0.1:9/api/dsp',
    protocol: 'dataspace-protocol-http:2025-1',
    policy: offer,
  };
  const node = new EdcNode(await expandBody(body));
  return policyFromEdc(node.node('policy') as EdcNode);
}

/** One spelling for what reads the same: a list of one as its item, `{"@value": x}` and `{"@id": x}` as x, keys and IRIs without `odrl:`. */
function normal(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.length === 1 ? normal(value[0], key) : value.map((v) => normal(v, key));
  if (typeof value === 'string') return ['@id', 'action', 'leftOperand', 'operator'].includes(key) ? expandIri(value, DEFAULT_PREFIXES, NS.odrl).replace(NS.odrl, '') : value;
  if (!isObject(value)) return value;
  if (Object.keys(value).length === 1 && '@value' in value) return value['@value'];
  if (Object.keys(value).length === 1 && typeof value['@id'] === 'string' && key !== '') return normal(value['@id'], key);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.startsWith('@') ? k : expandIri(k, DEFAULT_PREFIXES, NS.odrl).replace(NS.odrl, ''), normal(v, k)]));
}

const use = { action: 'use' };
/** Stored contract policies of each shape the policy model holds, offered as a Kontor provider offers them (toOdrlOffer). */
const STORED: Record<string, Json> = {
  'typed dateTime operand': {
    permission: [{ action: 'use', constraint: [{ leftOperand: 'dateTime', operator: 'lt', rightOperand: { '@value': '2030-01-01T00:00:00Z', '@type': 'xsd:dateTime' } }] }],
  },
  remedy: { permission: [use], prohibition: [{ action: 'distribute', remedy: [{ action: 'delete' }] }] },
  consequence: { permission: [{ action: 'use', duty: [{ action: 'compensate', consequence: [{ action: 'delete' }] }] }] },
  'dataType and unit': {
    permission: [
      { action: 'use', constraint: [{ leftOperand: 'count', operator: 'lteq', rightOperand: 5, dataType: 'xsd:integer', unit: 'https://w3id.org/kontor/fl/TrainingRound' }] },
    ],
  },
  'assignee, informedParty, compensatedParty': {
    permission: [{ action: 'use', assignee: 'did:web:c', duty: [{ action: 'compensate', informedParty: 'did:web:i', compensatedParty: 'did:web:p' }] }],
  },
  'obligation, logical constraint': {
    permission: [
      {
        action: 'use',
        constraint: [
          {
            xone: [
              { leftOperand: 'dateTime', operator: 'lt', rightOperand: '2030-01-01T00:00:00Z' },
              { leftOperand: 'count', operator: 'gt', rightOperand: 3 },
            ],
          },
        ],
      },
    ],
    obligation: [{ action: 'delete' }],
  },
  profile: { profile: 'https://w3id.org/catenax/policy/profile2405', permission: [use] },
};

describe('an offer of the v3 catalog answer, sent back as the policy of a ContractRequest', () => {
  it.each(Object.entries(STORED))('should be read as the same offer: %s', async (_shape, stored) => {
    const built = toOdrlOffer(stored, OFFER_ID, 'did:web:p');
    if (!built.ok) throw new Error(built.problem);
    const answer = catalogAnswer(built.offer as unknown as Json);
    const read = await sentBack(answer);
    // A node reference (`{"@id": …}`) the offer writes may come back as its IRI, which the engine reads alike.
    expect(normal(read)).toEqual(normal(built.offer));
    expect(sameRules(read, built.offer as unknown as Json)).toBe(true);
    expect(() => createPolicyEngine().parse({ ...read, target: 'a' })).not.toThrow();
  });

  it('should be read as the same offer when a peer offers an action with a refinement', async () => {
    const offer = {
      '@id': OFFER_ID,
      '@type': 'Offer',
      assigner: 'did:web:p',
      permission: [{ action: [{ [`${NS.rdf}value`]: { '@id': 'odrl:print' }, refinement: [{ leftOperand: 'count', operator: 'lteq', rightOperand: { '@value': 5 } }] }] }],
    };
    const read = await sentBack(catalogAnswer(offer));
    expect(read.permission).toEqual([{ action: { 'rdf:value': { '@id': 'odrl:print' }, refinement: { leftOperand: 'count', operator: 'lteq', rightOperand: 5 } } }]);
    expect(() => createPolicyEngine().parse({ ...read, target: 'a' })).not.toThrow();
  });

  it('should write every ODRL term under its odrl: name and define every prefix it uses', async () => {
    const built = toOdrlOffer(STORED['dataType and unit'] as Json, OFFER_ID, 'did:web:p');
    const answer = catalogAnswer((built.ok ? built.offer : {}) as Json);
    expect(answer['@context']).toMatchObject({ xsd: 'http://www.w3.org/2001/XMLSchema#', odrl: NS.odrl });
    const offer = (answer['dcat:dataset'] as Json)['odrl:hasPolicy'];
    expect(offer).toEqual({
      '@id': OFFER_ID,
      '@type': 'odrl:Offer',
      'odrl:assigner': { '@id': 'did:web:p' },
      'odrl:permission': {
        'odrl:action': { '@id': 'odrl:use' },
        'odrl:constraint': {
          'odrl:leftOperand': { '@id': 'odrl:count' },
          'odrl:operator': { '@id': 'odrl:lteq' },
          'odrl:rightOperand': { '@value': 5 },
          'odrl:datatype': { '@value': 'xsd:integer', '@type': 'xsd:anyType' },
          'odrl:unit': 'https://w3id.org/kontor/fl/TrainingRound',
        },
      },
    });
  });
});
