import { parseDateTime } from '../model/date-time.js';
import { defineTemplate, usePolicy, type PolicyTemplate } from './policy-template.js';
import type { TemplateParameter } from './template-parameters.js';

const TARGET: TemplateParameter = { name: 'target', type: 'iri', description: 'The asset the policy is about (omit to leave it to the contract definition)', required: false };

/** IDS usage-control patterns (as the IDS Dataspace Connector named them), written as ODRL 2.2. */
export const IDS_USAGE_TEMPLATES: readonly PolicyTemplate[] = [
  defineTemplate({
    id: 'usage-during-interval',
    title: 'Usage during an interval',
    description: 'The data may be used from `start` (inclusive) until `end` (exclusive). At negotiation a window that opens later is accepted and checked at transfer.',
    pattern: 'IDS USAGE_DURING_INTERVAL',
    parameters: [
      { name: 'start', type: 'dateTime', description: 'First instant of use', required: true },
      { name: 'end', type: 'dateTime', description: 'Use ends at this instant', required: true },
      TARGET,
    ],
    example: { start: '2026-01-01T00:00:00Z', end: '2030-01-01T00:00:00Z' },
    relate: (v) => ((parseDateTime(String(v.start)) ?? 0) < (parseDateTime(String(v.end)) ?? 0) ? undefined : { name: 'end', message: 'end must be after start' }),
    build: (v) =>
      usePolicy(v, {
        constraint: [
          {
            and: [
              { leftOperand: 'dateTime', operator: 'gteq', rightOperand: { '@value': v.start, '@type': 'xsd:dateTime' } },
              { leftOperand: 'dateTime', operator: 'lt', rightOperand: { '@value': v.end, '@type': 'xsd:dateTime' } },
            ],
          },
        ],
      }),
  }),
  defineTemplate({
    id: 'usage-for-duration',
    title: 'Usage for a duration',
    description: 'The data may be used for `duration` after the agreement was made (elapsedTime counts from the agreement start).',
    pattern: 'IDS DURATION_USAGE',
    parameters: [{ name: 'duration', type: 'duration', description: 'How long use is allowed, e.g. P30D', required: true }, TARGET],
    example: { duration: 'P30D' },
    build: (v) => usePolicy(v, { constraint: [{ leftOperand: 'elapsedTime', operator: 'lteq', rightOperand: { '@value': v.duration, '@type': 'xsd:duration' } }] }),
  }),
  defineTemplate({
    id: 'usage-n-times',
    title: 'Usage N times',
    description: 'The data may be used at most `times` times under one agreement (count includes the current use).',
    pattern: 'IDS N_TIMES_USAGE',
    parameters: [{ name: 'times', type: 'integer', description: 'Maximum number of uses', required: true, minimum: 1 }, TARGET],
    example: { times: 5 },
    build: (v) => usePolicy(v, { constraint: [{ leftOperand: 'count', operator: 'lteq', rightOperand: v.times }] }),
  }),
  defineTemplate({
    id: 'use-and-delete-after',
    title: 'Use and delete after',
    description: 'The data may be used; the consumer must delete it within `deleteWithin` after the agreement (a duty with a deadline, returned as an obligation).',
    pattern: 'IDS USAGE_UNTIL_DELETION',
    parameters: [
      { name: 'deleteWithin', type: 'duration', description: 'Deletion deadline after the agreement start, e.g. P7D', required: true },
      { name: 'informParty', type: 'iri', description: 'Who is told that the data was deleted (DID); omit for no notice', required: false },
      TARGET,
    ],
    example: { deleteWithin: 'P7D' },
    build: (v) =>
      usePolicy(v, {
        constraint: [{ leftOperand: 'elapsedTime', operator: 'lteq', rightOperand: { '@value': v.deleteWithin, '@type': 'xsd:duration' } }],
        duty: [
          {
            action: 'delete',
            constraint: [{ leftOperand: 'elapsedTime', operator: 'lteq', rightOperand: { '@value': v.deleteWithin, '@type': 'xsd:duration' } }],
            ...(typeof v.informParty === 'string' ? { consequence: [{ action: 'inform', informedParty: v.informParty }] } : {}),
          },
        ],
      }),
  }),
  defineTemplate({
    id: 'purpose-restricted',
    title: 'Purpose-restricted usage',
    description: 'The data may be used only for one of `purposes` (a narrower purpose satisfies a broader one, e.g. purpose:federated-training satisfies purpose:research).',
    pattern: 'IDS purpose restriction (ODRL purpose)',
    parameters: [{ name: 'purposes', type: 'string[]', description: 'Allowed purposes: IRIs or CURIEs (purpose:research, dpv:…)', required: true }, TARGET],
    example: { purposes: ['purpose:research'] },
    build: (v) => usePolicy(v, { constraint: [{ leftOperand: 'purpose', operator: 'isAnyOf', rightOperand: v.purposes }] }),
  }),
  defineTemplate({
    id: 'restricted-to-participant',
    title: 'Usage restricted to a participant',
    description: 'Only `participant` (its DID, or its business partner number) may use the data: the permission is assigned to it.',
    pattern: 'IDS PROVIDE_ACCESS to one consumer (ODRL assignee)',
    parameters: [{ name: 'participant', type: 'string', description: 'The participant DID or BPN', required: true }, TARGET],
    example: { participant: 'did:web:consumer.example' },
    build: (v) => usePolicy(v, { assignee: v.participant }),
  }),
  defineTemplate({
    id: 'restricted-to-connector',
    title: 'Usage restricted to a connector',
    description: 'The data may go only to the connector identified by `connector` (its DID): every transfer must name it as recipient.',
    pattern: 'IDS CONNECTOR_RESTRICTED_USAGE',
    parameters: [{ name: 'connector', type: 'iri', description: 'DID of the receiving connector', required: true }, TARGET],
    example: { connector: 'did:web:consumer.example' },
    build: (v) => usePolicy(v, { constraint: [{ leftOperand: 'recipient', operator: 'eq', rightOperand: v.connector }] }),
  }),
];
