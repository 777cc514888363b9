import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One message a peer received: the path after the peer's base and the JSON body. */
export interface Received {
  path: string;
  body: Record<string, unknown>;
}

/** A loopback DSP peer that records every message and answers as told (default 200 `{}`). */
export interface RecordingPeer {
  /** The peer's base URL (its DSP base, or the callback address it gave). */
  url: string;
  received: Received[];
  /** The answer to the next messages: status, JSON body and any further headers (e.g. a `link` to the next page). */
  answer: { status: number; body: Record<string, unknown>; headers?: Record<string, string> };
  /** Runs while a message is being received, before the answer (e.g. to read what the sender had stored by then). */
  during?: (received: Received) => Promise<void>;
  close(): Promise<void>;
}

export async function recordingPeer(): Promise<RecordingPeer> {
  const peer: Omit<RecordingPeer, 'url' | 'close'> = { received: [], answer: { status: 200, body: {} } };
  const server: Server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', async () => {
      const received = { path: String(req.url).replace(/^\/peer\//, ''), body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
      peer.received.push(received);
      await peer.during?.(received);
      res.writeHead(peer.answer.status, { 'content-type': 'application/json', ...peer.answer.headers }).end(JSON.stringify(peer.answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/peer`;
  return Object.assign(peer, { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
}
