import type { DemoNode } from './demo-data-space.js';

/** The coordinator fetches each site's catalog (offers verified), negotiates the training offer, and returns the agreements. */
export async function negotiateWithSites(
  coordinator: DemoNode,
  sites: DemoNode[],
  log: (line: string) => void,
): Promise<{ agreementId: string; site: DemoNode; offerVerified: boolean }[]> {
  const out: { agreementId: string; site: DemoNode; offerVerified: boolean }[] = [];
  for (const site of sites) {
    const response = await coordinator.api<{
      catalog: { dataset?: { '@id': string; hasPolicy: { '@id': string }[] }[] };
      offers?: { offerId: string; verified: boolean; reason?: string }[];
    }>('POST', '/api/v1/catalog/request', { counterPartyAddress: `${site.publicUrl}/api/dsp`, counterPartyId: site.did });
    const dataset = response.catalog.dataset?.[0];
    const offerId = dataset?.hasPolicy[0]?.['@id'];
    if (!offerId) throw new Error(`${site.name} offers nothing to the coordinator`);
    const verdict = response.offers?.find((o) => o.offerId === offerId);
    const finalized = new Promise<string>((resolve, reject) => {
      const off = coordinator.connector.events.on('negotiation.stateChanged', (e) => {
        if (e.negotiation.counterPartyId !== site.did || !['FINALIZED', 'TERMINATED'].includes(e.to)) return;
        off();
        if (e.to === 'FINALIZED') resolve(String(e.negotiation.agreementId));
        else reject(new Error(`negotiation with ${site.name} terminated: ${e.negotiation.terminationReason ?? e.negotiation.errorDetail ?? ''}`));
      });
    });
    await coordinator.api('POST', '/api/v1/negotiations', { counterPartyAddress: `${site.publicUrl}/api/dsp`, counterPartyId: site.did, offerId });
    const agreementId = await finalized;
    log(
      `  ${site.name}: dataset ${dataset['@id']}, offer credential ${verdict?.verified ? 'verified' : `NOT verified (${verdict?.reason ?? 'no verdict'})`}, agreement ${agreementId}`,
    );
    out.push({ agreementId, site, offerVerified: verdict?.verified === true });
  }
  return out;
}
