import type { EdcStyleParty } from './edc-style-party.js';
import type { DspHandler, EdcStylePeer } from './edc-style-peer.js';

type Json = Record<string, unknown>;

export const DSP_CONTEXT = 'https://w3id.org/dspace/2025/1/context.jsonld';

/** A DSP message the EDC-style peer received (after authenticating its sender) and the answer it gave. */
export interface Delivered {
  path: string;
  body: Json;
  callerDid: string;
  answer: Json;
}

const STATE_AFTER: Readonly<Record<string, string>> = {
  ContractRequestMessage: 'REQUESTED',
  ContractAgreementMessage: 'AGREED',
  ContractAgreementVerificationMessage: 'VERIFIED',
  ContractNegotiationTerminationMessage: 'TERMINATED',
  TransferRequestMessage: 'REQUESTED',
  TransferStartMessage: 'STARTED',
  TransferCompletionMessage: 'COMPLETED',
  TransferSuspensionMessage: 'SUSPENDED',
  TransferTerminationMessage: 'TERMINATED',
};

/**
 * The EDC-style peer's DSP side for tests, in both roles: `handler` (for `startEdcStylePeer`'s `options.dsp`) records
 * each authenticated message and acknowledges it as a provider or consumer would (201 with a fresh `providerPid` for a
 * contract or transfer request); `next` resolves with the next message to a matching path once its answer is out.
 */
export function edcStyleDspInbox() {
  const received: Delivered[] = [];
  const unclaimed: Delivered[] = [];
  const waiters: { path: RegExp; resolve: (d: Delivered) => void }[] = [];
  let count = 0;
  const handler: DspHandler = async (path, body, callerDid) => {
    const type = String(body['@type']);
    const initial = path === '/negotiations/request' || path === '/transfers/request';
    const providerPid = initial ? `urn:edc:${++count}` : String(body.providerPid);
    const state = type === 'ContractNegotiationEventMessage' ? String(body.eventType) : (STATE_AFTER[type] ?? 'REQUESTED');
    const answer: Json = {
      '@context': [DSP_CONTEXT],
      '@type': type.startsWith('Transfer') ? 'TransferProcess' : 'ContractNegotiation',
      providerPid,
      consumerPid: body.consumerPid,
      state,
    };
    const entry: Delivered = { path, body, callerDid, answer };
    received.push(entry);
    const afterSent = () => {
      const w = waiters.find((x) => x.path.test(path));
      if (!w) return void unclaimed.push(entry);
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(entry);
    };
    return { status: initial ? 201 : 200, body: answer, afterSent };
  };
  return {
    handler,
    received,
    next: (path: RegExp): Promise<Delivered> => {
      const seen = unclaimed.find((r) => path.test(r.path));
      if (seen) return Promise.resolve(unclaimed.splice(unclaimed.indexOf(seen), 1)[0] as Delivered);
      return new Promise((resolve) => waiters.push({ path, resolve }));
    },
  };
}

export type EdcStyleDspInbox = ReturnType<typeof edcStyleDspInbox>;

/** A DSP message as the peer writes one: the DSP context, the type, the fields. */
export const dspMessage = (type: string, fields: Json): Json => ({ '@context': [DSP_CONTEXT], '@type': type, ...fields });

/**
 * Sends a DSP message as EDC does: a fresh ES256 self-issued token for `audienceDid` carrying an access token to the
 * peer's credential service (so the receiver can run DCP against it), as `Authorization: Bearer`.
 */
export async function sendAsEdc(party: EdcStyleParty, peer: EdcStylePeer, audienceDid: string, url: string, message: Json) {
  const token = await party.selfIssuedToken(audienceDid, peer.accessTokenFor(audienceDid));
  const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(message) });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Json };
}
