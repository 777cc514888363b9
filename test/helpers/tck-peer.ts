import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

type Json = Record<string, unknown>;

export const DSP_CONTEXT = 'https://w3id.org/dspace/2025/1/context.jsonld';
/** The Authorization value the Eclipse DSP TCK's sample configuration sends on every request. */
export const TCK_AUTHORIZATION = '{"region": "any", "audience": "any", "clientId":"any"}';
export const TCK_PARTICIPANT = 'TCK_PARTICIPANT';

/** What the peer's record of a process is after a message (the state its ACK reports). */
const STATE_AFTER: Readonly<Record<string, string>> = {
  ContractRequestMessage: 'REQUESTED',
  ContractOfferMessage: 'OFFERED',
  ContractAgreementMessage: 'AGREED',
  ContractAgreementVerificationMessage: 'VERIFIED',
  ContractNegotiationTerminationMessage: 'TERMINATED',
  TransferRequestMessage: 'REQUESTED',
  TransferStartMessage: 'STARTED',
  TransferCompletionMessage: 'COMPLETED',
  TransferSuspensionMessage: 'SUSPENDED',
  TransferTerminationMessage: 'TERMINATED',
};

/** A message the connector under test sent, and the peer's answer to it. */
export interface Received {
  path: string;
  body: Json;
  authorization: string | undefined;
  answer?: Json;
}

/**
 * Plays the TCK's part: a plain DSP 2025-1 peer (participant TCK_PARTICIPANT, no Kontor extensions) that records
 * every message the connector under test sends and answers it with an ACK. It never authenticates callbacks. Like the
 * TCK, it answers 404 to a message whose handler it has not registered yet (`notReadyOnce`).
 */
export async function startTckPeer(options: { authorization?: string; catalog?: Json; data?: string } = {}) {
  const authorization = options.authorization ?? TCK_AUTHORIZATION;
  const received: Received[] = [];
  const waiters: { path: RegExp; resolve: (r: Received) => void }[] = [];
  const unclaimed: Received[] = [];
  const notReady = new Set<string>();
  let next = 0;
  const app = express();
  app.use(express.json({ type: () => true }));
  if (options.data !== undefined) app.get('/data', (_req, res) => void res.type('text/plain').send(options.data));
  app.post(/.*/, (req, res) => {
    const body = (req.body ?? {}) as Json;
    const path = decodeURIComponent(req.path);
    const type = String(body['@type']);
    const early = [...notReady].find((p) => path.endsWith(p));
    if (early) {
      notReady.delete(early);
      res.status(404).json({ error: 'No handler registered on this endpoint' });
      return;
    }
    const entry: Received = { path, body, authorization: req.get('authorization') };
    received.push(entry);
    if (path === '/catalog/request' && options.catalog) {
      entry.answer = options.catalog;
      res.json(options.catalog);
      return;
    }
    const initial = path === '/negotiations/request' || path === '/transfers/request';
    const providerPid = initial ? `urn:tck:${++next}` : String(body.providerPid);
    const state = type === 'ContractNegotiationEventMessage' ? String(body.eventType) : (STATE_AFTER[type] ?? 'REQUESTED');
    const ackType = type.startsWith('Transfer') ? 'TransferProcess' : 'ContractNegotiation';
    // Like the TCK, the next message may follow at once: waiters learn of this one once the answer is out.
    res.on('finish', () => {
      const w = waiters.find((x) => x.path.test(path));
      if (!w) return void unclaimed.push(entry);
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(entry);
    });
    entry.answer = { '@context': [DSP_CONTEXT], '@type': ackType, providerPid, consumerPid: body.consumerPid, state };
    res.status(initial ? 201 : 200).json(entry.answer);
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    /** Resolves with the next message to a path matching `path` (or one already received that no one awaited). */
    next: (path: RegExp): Promise<Received> => {
      const seen = unclaimed.find((r) => path.test(r.path));
      if (seen) return Promise.resolve(unclaimed.splice(unclaimed.indexOf(seen), 1)[0] as Received);
      return new Promise((resolve) => waiters.push({ path, resolve }));
    },
    /** Answers the next message to a path ending in `suffix` with 404, as the TCK does before its handler is registered. */
    notReadyOnce: (suffix: string) => void notReady.add(suffix),
    /** Sends a DSP message to the connector under test with the peer's Authorization header (the TCK's fixed one by default). */
    send: async (url2: string, message: Json, method: 'POST' | 'GET' = 'POST') => {
      const res = await fetch(url2, { method, headers: { authorization, 'content-type': 'application/json' }, ...(method === 'POST' ? { body: JSON.stringify(message) } : {}) });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Json };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type TckPeer = Awaited<ReturnType<typeof startTckPeer>>;

/** A DSP message as the TCK writes one: the DSP context, the type, the fields. */
export const dsp = (type: string, fields: Json): Json => ({ '@context': [DSP_CONTEXT], '@type': type, ...fields });

/** An ODRL rule set as the TCK writes it (`constraints: []` in every rule). */
export const tckPermission = [{ action: 'use', constraints: [] }];
