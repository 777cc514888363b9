import { defineTemplate, usePolicy, type PolicyTemplate } from './policy-template.js';

/** IDS patterns whose point is a duty attached to the permission: logging and notification. */
export const IDS_DUTY_TEMPLATES: readonly PolicyTemplate[] = [
  defineTemplate({
    id: 'usage-logging',
    title: 'Usage logging',
    description: 'The data may be used on condition that every use is logged: the consumer accepts tracking by `logParty` (returned as a duty with each allowed evaluation).',
    pattern: 'IDS USAGE_LOGGING',
    parameters: [
      { name: 'logParty', type: 'iri', description: 'Who keeps the usage log (e.g. the provider or a clearing house DID)', required: true },
      { name: 'target', type: 'iri', description: 'The asset (optional)', required: false },
    ],
    example: { logParty: 'did:web:provider.example' },
    build: (v) => usePolicy(v, { duty: [{ action: 'acceptTracking', informedParty: v.logParty }] }),
  }),
  defineTemplate({
    id: 'usage-notification',
    title: 'Usage notification',
    description: 'The data may be used on condition that `notify` is informed of each use, within `within` when given.',
    pattern: 'IDS USAGE_NOTIFICATION',
    parameters: [
      { name: 'notify', type: 'iri', description: 'Who is informed (DID)', required: true },
      { name: 'within', type: 'duration', description: 'Deadline after the agreement start for the notice, e.g. PT1H', required: false },
      { name: 'target', type: 'iri', description: 'The asset (optional)', required: false },
    ],
    example: { notify: 'did:web:provider.example' },
    build: (v) =>
      usePolicy(v, {
        duty: [
          {
            action: 'inform',
            informedParty: v.notify,
            ...(typeof v.within === 'string'
              ? { constraint: [{ leftOperand: 'elapsedTime', operator: 'lteq', rightOperand: { '@value': v.within, '@type': 'xsd:duration' } }] }
              : {}),
          },
        ],
      }),
  }),
];
