import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A server that answers every POST at once, as the baseline's no-op peer; `url` is where it listens. */
export async function bareServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"@type":"ContractNegotiation","state":"REQUESTED"}'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

const BODY = JSON.stringify({
  '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'],
  '@type': 'ContractRequestMessage',
  consumerPid: 'urn:uuid:x',
  offer: { '@id': 'o', permission: [{ action: 'use' }] },
  callbackAddress: 'http://127.0.0.1:1/',
});

/** `n` sequential `fetch` POSTs with a DSP-sized JSON body to a bare server: the bare round trips of the baseline. */
export function tripsTo(url: string): (n: number) => Promise<void> {
  return async (n) => {
    for (let t = 0; t < n; t++) await (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Dev x' }, body: BODY })).text();
  };
}
