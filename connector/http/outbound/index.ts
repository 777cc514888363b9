export { addressRange, addressList, type AddressRange } from '../../config/address-ranges.js';
export { createOutboundPolicy, type OutboundPolicy, type OutboundPolicySettings } from './outbound-policy.js';
export { guardedLookup } from './guarded-lookup.js';
export { outboundRefusal } from './outbound-refusal.js';
export { outboundPolicyFromConfig } from './policy-from-config.js';
export { checkResolvedHost, systemResolveHost, type ResolveHost } from './resolved-host-check.js';
