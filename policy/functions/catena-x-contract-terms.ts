import { cx } from '../model/iri.js';
import type { ConstraintFunctionDefinition } from '../engine/constraint-function.js';
import { contractTerm } from './contract-term.js';

const pick =
  (table: Readonly<Record<string, string>>) =>
  (v: string): string =>
    table[v] ?? v;

/**
 * Catena-X (CX-0152) usage-permission terms that are contractual only: reported as deferred
 * contract terms (see contract-term.ts and policy/README.md, "Catena-X contract terms").
 */
export const CATENA_X_CONTRACT_TERMS: readonly ConstraintFunctionDefinition[] = [
  contractTerm({
    name: 'dataFrequency',
    leftOperand: cx('DataFrequency'),
    operators: ['eq'],
    values: ['cx.dataFrequency.once:1', 'cx.dataFrequency.unlimited:1'],
    meaning: pick({ 'cx.dataFrequency.once:1': 'the provider supplies the data once', 'cx.dataFrequency.unlimited:1': 'the provider supplies the data repeatedly (no limit)' }),
  }),
  contractTerm({
    name: 'versionChanges',
    leftOperand: cx('VersionChanges'),
    operators: ['eq'],
    values: ['cx.versionChanges.minor:1', 'cx.versionChanges.major:1'],
    meaning: pick({
      'cx.versionChanges.minor:1': 'the provider may make minor changes to the data format',
      'cx.versionChanges.major:1': 'the provider may make major changes to the data format',
    }),
  }),
  contractTerm({
    name: 'contractTermination',
    leftOperand: cx('ContractTermination'),
    operators: ['eq'],
    values: ['cx.data.deletion:1', 'cx.data.keeping:1'],
    meaning: pick({
      'cx.data.deletion:1': 'when the contract ends, the consumer must delete the data',
      'cx.data.keeping:1': 'when the contract ends, the consumer may keep the data',
    }),
  }),
  contractTerm({
    name: 'confidentialInformationMeasures',
    leftOperand: cx('ConfidentialInformationMeasures'),
    operators: ['eq'],
    values: ['cx.confidentiality.measures:1'],
    meaning: () => 'the consumer protects the data as confidential information with appropriate measures',
  }),
  contractTerm({
    name: 'confidentialInformationSharing',
    leftOperand: cx('ConfidentialInformationSharing'),
    operators: ['isAnyOf'],
    list: 'allowed',
    values: ['cx.sharing.affiliates:1', 'cx.sharing.managedLegalEntity:1'],
    meaning: (v) =>
      `confidential information may be shared only with ${v.replaceAll('cx.sharing.affiliates:1', 'affiliates').replaceAll('cx.sharing.managedLegalEntity:1', 'managed legal entities')}`,
  }),
  contractTerm({
    name: 'warranty',
    leftOperand: cx('Warranty'),
    operators: ['eq'],
    values: ['cx.warranty.none:1', 'cx.warranty.contractReference:1', 'cx.warranty.dataQualityIssues:1'],
    meaning: pick({
      'cx.warranty.none:1': 'the provider gives no warranty',
      'cx.warranty.contractReference:1': 'warranty as in the referenced contract',
      'cx.warranty.dataQualityIssues:1': 'the provider warrants against data-quality issues',
    }),
  }),
  contractTerm({
    name: 'warrantyDefinition',
    leftOperand: cx('WarrantyDefinition'),
    operators: ['eq'],
    values: ['cx.warranty.contractEndDate:1'],
    meaning: () => 'the warranty lasts until the contract ends',
  }),
  contractTerm({
    name: 'warrantyDurationMonths',
    leftOperand: cx('WarrantyDurationMonths'),
    operators: ['eq'],
    kind: 'integer',
    coerce: 'number',
    meaning: (v) => `the warranty lasts ${v} months`,
  }),
  contractTerm({
    name: 'liability',
    leftOperand: cx('Liability'),
    operators: ['eq'],
    values: ['cx.grossNegligence:1', 'cx.slightNegligence:1'],
    meaning: pick({ 'cx.grossNegligence:1': 'liability is limited to gross negligence', 'cx.slightNegligence:1': 'liability extends to slight negligence' }),
  }),
  contractTerm({
    name: 'jurisdictionLocation',
    leftOperand: cx('JurisdictionLocation'),
    operators: ['eq'],
    meaning: (v) => `the place of jurisdiction is ${v}`,
  }),
  contractTerm({
    name: 'jurisdictionLocationReference',
    leftOperand: cx('JurisdictionLocationReference'),
    operators: ['eq'],
    values: ['cx.location.dataConsumer:1', 'cx.location.contractReference:1'],
    meaning: pick({
      'cx.location.dataConsumer:1': "the place of jurisdiction is the consumer's seat",
      'cx.location.contractReference:1': 'the place of jurisdiction is set by the referenced contract',
    }),
  }),
  contractTerm({
    name: 'precedence',
    leftOperand: cx('Precedence'),
    operators: ['eq'],
    values: ['cx.precedence.contractReference:1', 'cx.precedence.rcAgreement:1'],
    meaning: pick({
      'cx.precedence.contractReference:1': 'the referenced contract takes precedence over this policy',
      'cx.precedence.rcAgreement:1': 'the registered-connector agreement takes precedence',
    }),
  }),
];
