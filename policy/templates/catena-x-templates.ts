import { defineTemplate, TEMPLATE_CONTEXT, type PolicyTemplate } from './policy-template.js';

const RESTRICTIONS = [
  'cx.thirdParty.forbidden:1',
  'cx.manipulation.forbidden:1',
  'cx.derivations.forbidden:1',
  'cx.extraordinaryAnalytics.forbidden:1',
  'cx.dataProviderRemoval.forbidden:1',
];
const cx = (leftOperand: string, operator: string, rightOperand: unknown) => ({ leftOperand: `cx-policy:${leftOperand}`, operator, rightOperand });

/** Catena-X-style (CX-0152) offers: the mandatory FrameworkAgreement + UsagePurpose + Membership, `and` only. */
export const CATENA_X_TEMPLATES: readonly PolicyTemplate[] = [
  defineTemplate({
    id: 'catena-x-usage-offer',
    title: 'Catena-X usage policy',
    description:
      'A CX-0152 usage policy: framework agreement, active membership and usage purposes, with optional contract references, usage end, usage restrictions (a prohibition) and a provisioning-end obligation.',
    pattern: 'Catena-X CX-0152 usage policy',
    parameters: [
      { name: 'purposes', type: 'string[]', description: 'Usage purposes, e.g. cx.pcf.base:1', required: true },
      { name: 'frameworkAgreement', type: 'string', description: 'Framework agreement "Name:version"', required: false, default: 'DataExchangeGovernance:1.0' },
      { name: 'contractReferences', type: 'string[]', description: 'Bilateral contracts the participant must hold', required: false },
      { name: 'usageEndDays', type: 'integer', description: 'Usage ends this many days after the agreement', required: false, minimum: 1 },
      {
        name: 'usageRestrictions',
        type: 'string[]',
        description: 'Restrictions written as a UsageRestriction prohibition',
        required: false,
        default: ['cx.thirdParty.forbidden:1'],
        values: RESTRICTIONS,
      },
      { name: 'provisioningEndDays', type: 'integer', description: 'The provider provides the data for this many days (an obligation)', required: false, minimum: 1 },
      { name: 'target', type: 'iri', description: 'The asset (optional)', required: false },
    ],
    example: { purposes: ['cx.pcf.base:1'], usageEndDays: 365 },
    build: (v) => {
      const refs = v.contractReferences;
      const days = v.usageEndDays;
      const restrictions = v.usageRestrictions as readonly string[] | undefined;
      const provisioning = v.provisioningEndDays;
      return {
        '@context': TEMPLATE_CONTEXT,
        '@type': 'Set',
        ...(typeof v.target === 'string' ? { target: v.target } : {}),
        permission: [
          {
            action: 'use',
            constraint: [
              {
                and: [
                  cx('FrameworkAgreement', 'eq', v.frameworkAgreement),
                  cx('Membership', 'eq', 'active'),
                  cx('UsagePurpose', 'isAnyOf', v.purposes),
                  ...(Array.isArray(refs) ? [cx('ContractReference', 'isAllOf', refs)] : []),
                  ...(typeof days === 'number' ? [cx('DataUsageEndDurationDays', 'eq', days)] : []),
                ],
              },
            ],
          },
        ],
        ...(restrictions && restrictions.length > 0 ? { prohibition: [{ action: 'use', constraint: [cx('UsageRestriction', 'isAllOf', restrictions)] }] } : {}),
        ...(typeof provisioning === 'number' ? { obligation: [{ action: 'use', constraint: [cx('DataProvisioningEndDurationDays', 'eq', provisioning)] }] } : {}),
      };
    },
  }),
  defineTemplate({
    id: 'catena-x-access-policy',
    title: 'Catena-X access policy',
    description: 'A CX-0152 access policy (who sees the offer in the catalog): active membership, optionally a framework agreement, business partner numbers or groups.',
    pattern: 'Catena-X CX-0152 access policy',
    parameters: [
      { name: 'businessPartnerNumbers', type: 'string[]', description: 'Only these BPNLs see the offer', required: false },
      { name: 'businessPartnerGroups', type: 'string[]', description: 'Only members of these groups see the offer', required: false },
      { name: 'frameworkAgreement', type: 'string', description: 'Also require this framework agreement "Name:version"', required: false },
    ],
    example: { businessPartnerNumbers: ['BPNL000000000001'] },
    build: (v) => ({
      '@context': TEMPLATE_CONTEXT,
      '@type': 'Set',
      permission: [
        {
          action: 'cx-policy:access',
          constraint: [
            {
              and: [
                cx('Membership', 'eq', 'active'),
                ...(typeof v.frameworkAgreement === 'string' ? [cx('FrameworkAgreement', 'eq', v.frameworkAgreement)] : []),
                ...(Array.isArray(v.businessPartnerNumbers) ? [cx('BusinessPartnerNumber', 'isAnyOf', v.businessPartnerNumbers)] : []),
                ...(Array.isArray(v.businessPartnerGroups) ? [cx('BusinessPartnerGroup', 'isAnyOf', v.businessPartnerGroups)] : []),
              ],
            },
          ],
        },
      ],
    }),
  }),
];
