import { describe, expect, it } from 'vitest';
import { bareDspState, deliveredAlready, DSP_MESSAGE_KINDS, type DspMessageKind, messageKindOf, peerStateOf } from './delivered-already.js';

const NEGOTIATION = ['REQUESTED', 'OFFERED', 'ACCEPTED', 'AGREED', 'VERIFIED', 'FINALIZED', 'TERMINATED'] as const;
const TRANSFER = ['REQUESTED', 'STARTED', 'SUSPENDED', 'COMPLETED', 'TERMINATED'] as const;

/** Expected: the peer states (of its protocol) that show each message arrived; every other state does not. */
const SHOWN: Record<DspMessageKind, readonly string[]> = {
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
const table = DSP_MESSAGE_KINDS.flatMap((kind) => (kind.startsWith('Transfer') ? TRANSFER : NEGOTIATION).map((state) => [kind, state, SHOWN[kind].includes(state)] as const));

describe('deliveredAlready (message kind × peer state)', () => {
  it.each(table)('%s, peer %s → %s', (kind, state, expected) => {
    expect(deliveredAlready(kind, state)).toBe(expected);
  });

  it('TERMINATED shows nothing but a termination', () => {
    for (const kind of DSP_MESSAGE_KINDS) expect(deliveredAlready(kind, 'TERMINATED')).toBe(kind.endsWith('TerminationMessage'));
  });

  it('a state of the other protocol or an unknown one shows nothing', () => {
    expect(deliveredAlready('ContractAgreementMessage', 'COMPLETED')).toBe(false);
    expect(deliveredAlready('TransferCompletionMessage', 'FINALIZED')).toBe(false);
    expect(deliveredAlready('TransferStartMessage', 'finalized')).toBe(false);
  });
});

describe('messageKindOf', () => {
  it.each([
    [{ '@type': 'ContractAgreementMessage' }, 'ContractAgreementMessage'],
    [{ '@type': 'ContractNegotiationEventMessage', eventType: 'FINALIZED' }, 'ContractNegotiationEventMessage:FINALIZED'],
    [{ '@type': 'ContractNegotiationEventMessage', eventType: 'ACCEPTED' }, 'ContractNegotiationEventMessage:ACCEPTED'],
    [{ '@type': 'ContractNegotiationEventMessage', eventType: 'OTHER' }, undefined],
    [{ '@type': 'TransferCompletionMessage' }, 'TransferCompletionMessage'],
    [{ '@type': 'CatalogRequestMessage' }, undefined],
    [{}, undefined],
  ])('%j → %s', (message, kind) => {
    expect(messageKindOf(message)).toBe(kind);
  });
});

describe('reading the peer state', () => {
  it.each([
    ['FINALIZED', 'FINALIZED'],
    ['dspace:FINALIZED', 'FINALIZED'],
    ['https://w3id.org/dspace/v0.8/FINALIZED', 'FINALIZED'],
    ['https://w3id.org/dspace/2025/1/COMPLETED', 'COMPLETED'],
    [{ '@id': 'dspace:AGREED' }, 'AGREED'],
    [[{ '@value': 'VERIFIED' }], 'VERIFIED'],
    ['other:FINALIZED', undefined],
    ['https://example.com/FINALIZED', undefined],
    ['', undefined],
    [7, undefined],
    [['AGREED', 'VERIFIED'], undefined],
  ])('bareDspState(%j) → %s', (value, state) => {
    expect(bareDspState(value)).toBe(state);
  });

  it.each([
    [{ '@type': 'ContractNegotiation', state: 'FINALIZED' }, 'FINALIZED'],
    [{ '@type': 'dspace:ContractNegotiation', 'dspace:state': 'dspace:VERIFIED' }, 'VERIFIED'],
    [{ 'https://w3id.org/dspace/v0.8/state': [{ '@id': 'https://w3id.org/dspace/v0.8/COMPLETED' }] }, 'COMPLETED'],
    [{ '@type': 'ContractNegotiation' }, undefined],
    ['FINALIZED', undefined],
    [undefined, undefined],
  ])('peerStateOf(%j) → %s', (body, state) => {
    expect(peerStateOf(body)).toBe(state);
  });
});
