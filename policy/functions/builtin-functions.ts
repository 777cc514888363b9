import type { ConstraintFunctionDefinition } from '../engine/constraint-function.js';
import { affiliatesBpnlFunction } from './affiliates-bpnl.js';
import { affiliatesRegionFunction } from './affiliates-region.js';
import { assigneeFunction } from './assignee.js';
import { CATENA_X_CONTRACT_TERMS } from './catena-x-contract-terms.js';
import { dataProvisioningEndDateFunction, dataProvisioningEndDurationDaysFunction } from './data-provisioning-end.js';
import { exclusiveUsageFunction } from './exclusive-usage.js';
import { usageRestrictionFunction } from './usage-restriction.js';
import { businessPartnerGroupFunction } from './business-partner-group.js';
import { businessPartnerNumberFunction } from './business-partner-number.js';
import { contractReferenceFunction } from './contract-reference.js';
import { countFunction } from './count.js';
import { credentialTypeFunction } from './credential-type.js';
import { dataUsageEndDateFunction } from './data-usage-end-date.js';
import { dataUsageEndDefinitionFunction } from './data-usage-end-definition.js';
import { dataUsageEndDurationDaysFunction } from './data-usage-end-duration-days.js';
import { dateTimeFunction } from './date-time.js';
import { elapsedTimeFunction } from './elapsed-time.js';
import { clipNormFunction } from './fl-clip-norm.js';
import { localEpochsFunction } from './fl-local-epochs.js';
import { minSamplesPerRoundFunction } from './fl-min-samples-per-round.js';
import { noiseMultiplierFunction } from './fl-noise-multiplier.js';
import { epsilonFunction } from './fl-epsilon.js';
import { deltaFunction } from './fl-delta.js';
import { planHashFunction } from './fl-plan-hash.js';
import { secureAggregationFunction } from './fl-secure-aggregation.js';
import { taskTypeFunction } from './fl-task-type.js';
import { frameworkAgreementFunction } from './framework-agreement.js';
import { inForceDateFunction } from './in-force-date.js';
import { membershipFunction } from './membership.js';
import { purposeFunction } from './purpose.js';
import { recipientFunction } from './recipient.js';
import { spatialFunction } from './spatial.js';

/** Every built-in function, in one readable block: ODRL core, participant claims, Catena-X, federated training. */
export const BUILTIN_FUNCTIONS: readonly ConstraintFunctionDefinition[] = [
  dateTimeFunction,
  elapsedTimeFunction,
  countFunction,
  purposeFunction,
  recipientFunction,
  assigneeFunction,
  spatialFunction,
  membershipFunction,
  credentialTypeFunction,
  businessPartnerNumberFunction,
  businessPartnerGroupFunction,
  frameworkAgreementFunction,
  contractReferenceFunction,
  affiliatesRegionFunction,
  affiliatesBpnlFunction,
  inForceDateFunction,
  dataUsageEndDateFunction,
  dataUsageEndDurationDaysFunction,
  dataUsageEndDefinitionFunction,
  dataProvisioningEndDateFunction,
  dataProvisioningEndDurationDaysFunction,
  exclusiveUsageFunction,
  usageRestrictionFunction,
  ...CATENA_X_CONTRACT_TERMS,
  taskTypeFunction,
  planHashFunction,
  localEpochsFunction,
  minSamplesPerRoundFunction,
  clipNormFunction,
  noiseMultiplierFunction,
  epsilonFunction,
  deltaFunction,
  secureAggregationFunction,
];
