/** The lookup the provider's protocol makes for an initial request: our process with this consumer under its pid. */
interface ByCorrelation {
  findByCorrelationId(correlationId: string, counterPartyId: string): Promise<{ role: string } | undefined>;
}

/**
 * Whether the provider already has the process an initial request (ContractRequestMessage, TransferRequestMessage)
 * would make: the protocol answers an exact copy with that process, and the route says 200, not 201 Created. Asked
 * before the protocol runs; two copies arriving at the same moment may both be told 201 (both get the one process).
 */
export async function existingProviderProcess(store: ByCorrelation, consumerPid: string | undefined, callerId: string): Promise<boolean> {
  if (consumerPid === undefined) return false;
  return (await store.findByCorrelationId(consumerPid, callerId))?.role === 'provider';
}
