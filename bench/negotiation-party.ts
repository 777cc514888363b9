import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { offerId, policyContentHash, toOdrlOffer } from '../catalog/index.js';
import { startDataSpace, type DemoNode } from '../examples/demo/demo-data-space.js';
import { startConnector, type RunningConnector } from '../test/helpers/start-connector.js';

/** The provider as a consumer reaches it: its DSP address and id (it may run in another process). */
export type Peer = Pick<Party, 'dsp' | 'did'>;

/** What a negotiation needs of a connector in this bench: its events, its management API, its DSP address and id. */
export interface Party {
  connector: RunningConnector['connector'];
  start(offer: Record<string, unknown>, provider: Peer): Promise<string>;
  dsp: string;
  did: string;
}

export const asParty = (c: RunningConnector): Party => ({
  connector: c.connector,
  dsp: `${c.publicUrl}/api/dsp`,
  did: c.connector.config.participantId,
  start: async (offer, provider) =>
    ((await (await c.api('/api/v1/negotiations', { method: 'POST', json: { counterPartyAddress: provider.dsp, counterPartyId: provider.did, offer } })).json()) as { id: string })
      .id,
});

/** One negotiation from `consumer` to `provider`, resolved when the consumer sees it FINALIZED (or TERMINATED). */
export async function negotiateOnce(consumer: Party, provider: Peer, offer: Record<string, unknown>): Promise<void> {
  let id: string | undefined;
  const early = new Set<string>();
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const off = consumer.connector.events.on('negotiation.stateChanged', (e) => {
    if (e.to !== 'FINALIZED' && e.to !== 'TERMINATED') return;
    if (id === undefined) early.add(e.id);
    else if (e.id === id) resolveDone();
  });
  id = await consumer.start(offer, provider);
  if (early.has(id)) resolveDone();
  await done;
  off();
}

/** POST to a party's management API (the provider's, to set up its offer). */
export type Post = (path: string, body: unknown) => Promise<unknown>;

const POLICY = { '@type': 'Set', permission: [{ action: 'use' }] };

/**
 * Runs `use` with a provider and a consumer on loopback (SQLite): with the development identity, or with the real one
 * (an authority, membership credentials, DCP on every protocol message), and stops them afterwards.
 */
export async function withParties(identity: 'dev' | 'real', use: (provider: Party, consumer: Party, post: Post) => Promise<void>): Promise<void> {
  if (identity === 'dev') {
    const provider = await startConnector('sqlite', {}, { 'log.level': 'silent' });
    const consumer = await startConnector('sqlite', {}, { 'log.level': 'silent' });
    try {
      await use(asParty(provider), asParty(consumer), (path, body) => provider.api(path, { method: 'POST', json: body }));
    } finally {
      await consumer.stop();
      await provider.stop();
    }
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'kontor-negotiation-bench-'));
  const space = await startDataSpace(
    dir,
    [
      { name: 'provider', legalName: 'Provider', roles: ['provider'] },
      { name: 'consumer', legalName: 'Consumer', roles: ['consumer'] },
    ],
    'silent',
  );
  try {
    const [p, c] = space.nodes as [DemoNode, DemoNode];
    await use(nodeParty(p), nodeParty(c), (path, body) => p.api('POST', path, body));
  } finally {
    await space.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Publishes one open offer on the provider (asset, policy, contract definition) and returns it as a consumer sends it. */
export async function publishOffer(provider: Pick<Party, 'did'>, post: Post): Promise<Record<string, unknown>> {
  await post('/api/v1/assets', { id: 'a', properties: { title: 'A' }, dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/' } });
  await post('/api/v1/policies', { id: 'p', policy: POLICY });
  await post('/api/v1/contract-definitions', { id: 'cd', accessPolicyId: 'p', contractPolicyId: 'p' });
  const built = toOdrlOffer(POLICY, offerId({ definitionId: 'cd', assetId: 'a', policyHash: policyContentHash(POLICY) }), provider.did);
  if (!built.ok) throw new Error(built.problem);
  return { ...built.offer, target: 'a' };
}

/** A node of a demo data space as a party of this bench. */
export const nodeParty = (n: DemoNode): Party => ({
  connector: n.connector,
  dsp: `${n.publicUrl}/api/dsp`,
  did: n.did,
  start: async (offer, provider) => (await n.api<{ id: string }>('POST', '/api/v1/negotiations', { counterPartyAddress: provider.dsp, counterPartyId: provider.did, offer })).id,
});
