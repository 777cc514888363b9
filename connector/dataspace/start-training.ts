import type { BootstrapPlan } from './bootstrap-plan.js';
import { managementClient } from './management-client.js';
import { demoTraining, TRAINING_PURPOSE } from './training-offer.js';
import { waitUntil } from './wait-until.js';

type Catalog = { catalog: { dataset?: { '@id': string; hasPolicy: { '@id': string }[] }[] }; offers?: { offerId: string; verified: boolean }[] };
type Negotiation = { state: string; agreementId: string | null; errorDetail?: string | null };

/**
 * `kontor dataspace train`: the coordinator of a bootstrapped plan fetches each site's catalog, negotiates the
 * training offer, and starts the training over the agreements (what `npm run demo` does on loopback).
 */
export async function startTraining(
  plan: BootstrapPlan,
  o: { apiKey: string; log: (line: string) => void; wait: { attempts: number; intervalMs: number } },
): Promise<{ trainingId: string; agreements: string[] }> {
  const training = plan.training;
  if (!training) throw new Error('the plan has no training section');
  const coordinatorEntry = plan.participants.find((p) => p.name === training.coordinator);
  if (!coordinatorEntry) throw new Error(`no participant is named '${training.coordinator}'`);
  const coordinator = managementClient(coordinatorEntry.managementUrl, o.apiKey);
  const agreements: string[] = [];
  for (const site of plan.participants.filter((p) => p.part !== undefined)) {
    if (!site.publicUrl) throw new Error(`${site.name} has no publicUrl in the plan`);
    const did = (await managementClient(site.managementUrl, o.apiKey).get<{ did: string }>('/api/v1/identity')).did;
    const counterPartyAddress = `${site.publicUrl.replace(/\/+$/, '')}/api/dsp`;
    const catalog = (await coordinator.post('/api/v1/catalog/request', { counterPartyAddress, counterPartyId: did })).body as Catalog;
    const offerId = catalog.catalog.dataset?.[0]?.hasPolicy[0]?.['@id'];
    if (!offerId) throw new Error(`${site.name} offers nothing to ${training.coordinator}`);
    const { id } = (await coordinator.post('/api/v1/negotiations', { counterPartyAddress, counterPartyId: did, offerId })).body as { id: string };
    let last: Negotiation | undefined;
    await waitUntil(
      `the negotiation with ${site.name}`,
      async () => {
        last = await coordinator.get<Negotiation>(`/api/v1/negotiations/${encodeURIComponent(id)}`);
        if (last.state === 'TERMINATED') throw new Error(`the negotiation with ${site.name} was terminated: ${last.errorDetail ?? ''}`);
        return last.state === 'FINALIZED';
      },
      o.wait,
    );
    const verified = catalog.offers?.find((x) => x.offerId === offerId)?.verified === true;
    o.log(`${site.name}: agreement ${String(last?.agreementId)} (offer credential ${verified ? 'verified' : 'not verified'})`);
    agreements.push(String(last?.agreementId));
  }
  const { plan: trainingPlan } = demoTraining(training.dataSet);
  const started = (await coordinator.post('/api/v1/trainings', { agreements, plan: trainingPlan, purpose: TRAINING_PURPOSE, rounds: training.rounds })).body as { id: string };
  o.log(`training ${started.id} started: ${training.rounds} rounds over ${agreements.length} sites (GET ${coordinator.baseUrl}/api/v1/trainings/${started.id})`);
  return { trainingId: started.id, agreements };
}
