import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../connector/config/load-config.js';
import { createConnector } from '../connector/connector.js';
import { freePort } from '../examples/demo/demo-data-space.js';
import { bareServer } from './bare-peer.js';
import { publishOffer } from './negotiation-party.js';

/**
 * The provider of the negotiation bench's figure "as deployed", in a process of its own:
 * `node dist/bench/negotiation-provider-child.js DIR AUTHORITY_URL AUTHORITY_DID` (forked with IPC by
 * negotiation-deployed.ts). It sends `{ did }`, waits for `registered` (the parent registers it with the authority),
 * starts with the real identity, publishes the bench's offer and sends `{ dsp, did, offer, bare }`, where `bare` is a
 * no-op server in this process: the baseline's peer. `stop` stops it.
 */
async function main(): Promise<void> {
  const [dir, authorityUrl, authorityDid] = process.argv.slice(2) as [string, string, string];
  const apiKey = randomBytes(24).toString('hex');
  const config = loadConfig({
    env: {},
    overrides: {
      'managementApi.apiKey': apiKey,
      'managementApi.port': 0,
      'publicApi.port': await freePort(),
      'publicApi.host': '127.0.0.1',
      'store.path': join(dir, 'provider.db'),
      'identity.keyFile': join(dir, 'provider-keys.json'),
      'training.artifactDir': join(dir, 'provider-artifacts'),
      'did.allowHttpLoopback': true,
      'identity.authorityUrl': authorityUrl,
      'identity.trustedIssuers': [authorityDid],
    },
  });
  const registered = new Promise<void>((resolve) => process.once('message', () => resolve()));
  send({ did: config.participantId });
  await registered;
  const connector = await createConnector(config, { logger: pino({ level: 'silent' }) });
  const urls = await connector.start();
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${urls.managementUrl}${path}`, { method: 'POST', headers: { 'x-api-key': apiKey, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${path} → ${res.status}: ${await res.text()}`);
    return res.json() as Promise<unknown>;
  };
  const offer = await publishOffer({ did: config.participantId }, post);
  const bare = await bareServer();
  process.once('message', () => void Promise.all([connector.stop(), bare.close()]).then(() => process.exit(0)));
  send({ dsp: `${urls.publicUrl}/api/dsp`, did: config.participantId, offer, bare: bare.url });
}

const send = (message: unknown) => process.send?.(message);

await main();
