import type { DspNegotiationState } from './negotiation-state.js';

export const DSP_CONTEXT = 'https://w3id.org/dspace/2025/1/context.jsonld';
const ctx = { '@context': [DSP_CONTEXT] };
type Json = Record<string, unknown>;

/** Builders for the contract-negotiation messages of DSP 2025-1 (compact JSON; DSP 2025-1, contract negotiation protocol, message types). */
export const negotiationMessages = {
  request: (m: { consumerPid: string; offer: Json } & ({ callbackAddress: string } | { providerPid: string })): Json => ({ ...ctx, '@type': 'ContractRequestMessage', ...m }),
  offer: (m: { providerPid: string; offer: Json } & ({ callbackAddress: string } | { consumerPid: string })): Json => ({ ...ctx, '@type': 'ContractOfferMessage', ...m }),
  agreement: (m: { providerPid: string; consumerPid: string; agreement: Json }): Json => ({ ...ctx, '@type': 'ContractAgreementMessage', ...m }),
  verification: (m: { providerPid: string; consumerPid: string }): Json => ({ ...ctx, '@type': 'ContractAgreementVerificationMessage', ...m }),
  event: (m: { providerPid: string; consumerPid: string; eventType: 'ACCEPTED' | 'FINALIZED' }): Json => ({ ...ctx, '@type': 'ContractNegotiationEventMessage', ...m }),
  termination: (m: { providerPid: string; consumerPid: string; code?: string; reason?: string[] }): Json => ({ ...ctx, '@type': 'ContractNegotiationTerminationMessage', ...m }),
  ack: (m: { providerPid: string; consumerPid: string; state: DspNegotiationState }): Json => ({ ...ctx, '@type': 'ContractNegotiation', ...m }),
  error: (m: { providerPid: string; consumerPid: string; code: string; reason: string[] }): Json => ({ ...ctx, '@type': 'ContractNegotiationError', ...m }),
};
