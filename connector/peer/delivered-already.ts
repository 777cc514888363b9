/**
 * The negotiation and transfer messages a connector sends whose arrival the peer's state can show: the `@type`, and
 * for a ContractNegotiationEventMessage its event.
 */
export const DSP_MESSAGE_KINDS = [
  'ContractRequestMessage',
  'ContractOfferMessage',
  'ContractNegotiationEventMessage:ACCEPTED',
  'ContractAgreementMessage',
  'ContractAgreementVerificationMessage',
  'ContractNegotiationEventMessage:FINALIZED',
  'ContractNegotiationTerminationMessage',
  'TransferRequestMessage',
  'TransferStartMessage',
  'TransferSuspensionMessage',
  'TransferCompletionMessage',
  'TransferTerminationMessage',
] as const;
export type DspMessageKind = (typeof DSP_MESSAGE_KINDS)[number];

/**
 * The peer states that show the message arrived: states the peer reaches only after taking it. The state the message
 * answers is left out where the peer may still be in it (OFFERED for a counter-request, REQUESTED for a counter-offer,
 * SUSPENDED for a resuming start), and TERMINATED shows only a termination.
 */
const SHOWN_BY: Record<DspMessageKind, readonly string[]> = {
  ContractRequestMessage: ['REQUESTED', 'AGREED', 'VERIFIED', 'FINALIZED'],
  ContractOfferMessage: ['OFFERED', 'ACCEPTED', 'AGREED', 'VERIFIED', 'FINALIZED'],
  'ContractNegotiationEventMessage:ACCEPTED': ['ACCEPTED', 'AGREED', 'VERIFIED', 'FINALIZED'],
  ContractAgreementMessage: ['AGREED', 'VERIFIED', 'FINALIZED'],
  ContractAgreementVerificationMessage: ['VERIFIED', 'FINALIZED'],
  'ContractNegotiationEventMessage:FINALIZED': ['FINALIZED'],
  ContractNegotiationTerminationMessage: ['TERMINATED'],
  TransferRequestMessage: ['REQUESTED', 'STARTED', 'SUSPENDED', 'COMPLETED'],
  TransferStartMessage: ['STARTED', 'COMPLETED'],
  TransferSuspensionMessage: ['SUSPENDED'],
  TransferCompletionMessage: ['COMPLETED'],
  TransferTerminationMessage: ['TERMINATED'],
};

/** Whether a peer in `peerState` (a bare DSP state) has taken a message of `kind` already. */
export function deliveredAlready(kind: DspMessageKind, peerState: string): boolean {
  return SHOWN_BY[kind].includes(peerState);
}

/** The kind of a message we built, or undefined when it is none of DSP_MESSAGE_KINDS. */
export function messageKindOf(message: Record<string, unknown>): DspMessageKind | undefined {
  const type = message['@type'];
  const kind = type === 'ContractNegotiationEventMessage' ? `${type}:${String(message.eventType)}` : type;
  return (DSP_MESSAGE_KINDS as readonly unknown[]).includes(kind) ? (kind as DspMessageKind) : undefined;
}

/** A DSP state as a bare name: `dspace:FINALIZED`, `https://w3id.org/dspace/v0.8/FINALIZED` and `FINALIZED` alike. */
export function bareDspState(value: unknown): string | undefined {
  const text = typeof value === 'string' ? value : single(value);
  return typeof text === 'string' ? /^(?:dspace:|https?:\/\/w3id\.org\/dspace\/(?:[^/]+\/)*)?([A-Z]+)$/.exec(text)?.[1] : undefined;
}

/** The state a peer's ContractNegotiation or TransferProcess document names (compact, prefixed or expanded). */
export function peerStateOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const doc = body as Record<string, unknown>;
  const key = ['state', 'dspace:state'].find((k) => k in doc) ?? Object.keys(doc).find((k) => /^https?:\/\/w3id\.org\/dspace\/(?:[^/]+\/)*state$/.test(k));
  return key === undefined ? undefined : bareDspState(doc[key]);
}

/** The text of a JSON-LD value: `{ '@id' }` or `{ '@value' }`, or a list of exactly one of them. */
function single(value: unknown): unknown {
  const one = Array.isArray(value) && value.length === 1 ? value[0] : value;
  if (typeof one === 'string') return one;
  if (typeof one !== 'object' || one === null) return undefined;
  return (one as Record<string, unknown>)['@id'] ?? (one as Record<string, unknown>)['@value'];
}
