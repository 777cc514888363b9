import { DSP_CONTEXT_SCHEMA } from '../http/dsp-message-checker.js';

/**
 * Kontor's own JSON Schemas (2020-12) for the DSP 2025-1 catalog messages and the version document. They restate the
 * normative schemas of the specification (DSP 2025-1: version metadata, catalog protocol, common functionalities) so that
 * the runtime never reads the specification's files; the conformance tests
 * check that what we send passes the upstream 2025-1 and TCK schemas, and what we accept matches them.
 */
const str = { type: 'string' } as const;

const context = DSP_CONTEXT_SCHEMA;
const rootMessage = (type: string, properties: Record<string, unknown> = {}, required: string[] = []) => ({
  type: 'object',
  properties: { '@context': context, '@type': { const: type }, ...properties },
  required: ['@context', '@type', ...required],
});

const constraint = {
  $id: 'constraint',
  type: 'object',
  oneOf: [{ required: ['and'] }, { required: ['or'] }, { required: ['xone'] }, { required: ['andSequence'] }, { required: ['leftOperand', 'operator', 'rightOperand'] }],
  properties: {
    and: { type: 'array', items: { $ref: 'constraint' } },
    or: { type: 'array', items: { $ref: 'constraint' } },
    xone: { type: 'array', items: { $ref: 'constraint' } },
    andSequence: { type: 'array', items: { $ref: 'constraint' } },
    leftOperand: str,
    operator: { enum: ['eq', 'gt', 'gteq', 'lteq', 'hasPart', 'isA', 'isAllOf', 'isAnyOf', 'isNoneOf', 'isPartOf', 'lt', 'term-lteq', 'neq'] },
    rightOperand: { type: ['string', 'object', 'array'] },
  },
} as const;

const rule = { type: 'object', properties: { action: str, constraint: { type: 'array', items: { $ref: 'constraint' } } }, required: ['action'] } as const;
const rules = { type: 'array', items: rule, minItems: 1 } as const;

const offer = {
  type: 'object',
  properties: {
    '@id': str,
    '@type': { const: 'Offer' },
    profile: { oneOf: [str, { type: 'array', items: str }] },
    permission: rules,
    prohibition: rules,
    obligation: rules,
  },
  required: ['@id'],
  anyOf: [{ required: ['permission'] }, { required: ['prohibition'] }],
  // The dataset is the target; an offer inside it must not name one.
  not: { required: ['target'] },
} as const;

const dataService = {
  type: 'object',
  properties: { '@id': str, '@type': { const: 'DataService' }, endpointURL: str },
  required: ['@id', '@type', 'endpointURL'],
} as const;

const distribution = {
  type: 'object',
  properties: {
    format: str,
    accessService: { oneOf: [str, dataService] },
    hasPolicy: { type: 'array', items: offer, minItems: 1 },
  },
  required: ['format', 'accessService'],
} as const;

const dataset = {
  $id: 'dataset',
  type: 'object',
  properties: {
    '@id': str,
    hasPolicy: { type: 'array', items: offer, minItems: 1 },
    distribution: { type: 'array', items: distribution, minItems: 1 },
  },
  required: ['@id', 'hasPolicy', 'distribution'],
} as const;

const catalog = {
  $id: 'catalog',
  type: 'object',
  properties: {
    '@id': str,
    '@type': { const: 'Catalog' },
    dataset: { type: 'array', items: { $ref: 'dataset' }, minItems: 1 },
    catalog: { type: 'array', items: { $ref: 'catalog' }, minItems: 1 },
    service: { type: 'array', items: dataService, minItems: 1 },
    distribution: { type: 'array', items: distribution, minItems: 1 },
  },
  required: ['@id', '@type'],
  not: { required: ['hasPolicy'] },
} as const;

/** Shared sub-schemas, registered once by `$id`. */
export const SHARED_SCHEMAS = [constraint, dataset, catalog] as const;

/** Root message schemas by message type. */
export const CATALOG_MESSAGE_SCHEMAS = {
  CatalogRequestMessage: rootMessage('CatalogRequestMessage', { filter: { type: 'array' } }),
  DatasetRequestMessage: rootMessage('DatasetRequestMessage', { dataset: str }, ['dataset']),
  CatalogError: rootMessage('CatalogError', { code: str, reason: { type: 'array' } }),
  Catalog: { allOf: [{ $ref: 'catalog' }, { properties: { '@context': context, participantId: str }, required: ['@context', 'participantId'] }] },
  Dataset: { allOf: [{ $ref: 'dataset' }, { properties: { '@context': context }, required: ['@context'] }] },
  VersionResponse: {
    type: 'object',
    properties: {
      protocolVersions: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          properties: {
            version: str,
            path: str,
            binding: { enum: ['HTTPS'] },
            identifierType: str,
            serviceId: str,
            auth: { type: 'object', properties: { protocol: str, version: str, profile: { type: 'array', items: str } }, required: ['protocol', 'version'] },
          },
          required: ['version', 'path', 'binding'],
        },
      },
    },
    required: ['protocolVersions'],
  },
} as const;

export type CatalogMessageType = keyof typeof CATALOG_MESSAGE_SCHEMAS;
