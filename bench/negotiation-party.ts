import type { RunningConnector } from '../test/helpers/start-connector.js';

/** What a negotiation needs of a connector in this bench: its events, its management API, its DSP address and id. */
export interface Party {
  connector: RunningConnector['connector'];
  start(offer: Record<string, unknown>, provider: Party): Promise<string>;
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
export async function negotiateOnce(consumer: Party, provider: Party, offer: Record<string, unknown>): Promise<void> {
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
