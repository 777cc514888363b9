import type { BootstrapPlan } from './bootstrap-plan.js';
import { managementClient, type ManagementClient } from './management-client.js';
import { demoTraining, trainingOfferRequests } from './training-offer.js';
import { waitUntil } from './wait-until.js';

export interface BootstrapResult {
  participants: { name: string; did: string; registered: boolean; credentials: string[]; offersPublished: number }[];
}

export interface BootstrapOptions {
  apiKey: string;
  log: (line: string) => void;
  /** How long to wait for each service to come up: polls, this far apart (defaults: 120 × 1 s). */
  wait?: { attempts: number; intervalMs: number };
}

const up = (c: ManagementClient, path: string) => async () => (await c.probe(path)) === 200;

/**
 * `kontor dataspace bootstrap`: waits for the authority and every participant, registers each participant's DID
 * at the authority, has each fetch its credentials now, publishes the training offers, and waits until every
 * participant is ready (GET /health/ready). Running it again changes nothing: what exists is left as it is.
 */
export async function bootstrapDataSpace(plan: BootstrapPlan, o: BootstrapOptions): Promise<BootstrapResult> {
  const wait = o.wait ?? { attempts: 120, intervalMs: 1000 };
  const authority = managementClient(plan.authority.managementUrl, o.apiKey);
  await waitUntil(`the authority at ${authority.baseUrl}`, up(authority, '/health/ready'), wait);
  const members = plan.participants.map((p) => ({ ...p, client: managementClient(p.managementUrl, o.apiKey) }));
  const dids = new Map<string, string>();
  for (const m of members) {
    await waitUntil(`${m.name} at ${m.client.baseUrl}`, up(m.client, '/health/live'), wait);
    dids.set(m.name, (await m.client.get<{ did: string }>('/api/v1/identity')).did);
  }
  const result: BootstrapResult = { participants: [] };
  const training = plan.training;
  const { dataSet, plan: trainingPlan } = demoTraining(training?.dataSet ?? 'penguins');
  for (const m of members) {
    const did = dids.get(m.name) as string;
    const registration = await authority.post('/api/v1/participants', {
      did,
      legalName: m.legalName,
      roles: m.roles,
      frameworkAgreements: plan.frameworkAgreements ?? ['DataExchangeGovernance:1.0'],
    });
    o.log(`${m.name}: ${did} ${registration.created ? 'registered' : 'was already registered'}`);
    const held = (await m.client.post('/api/v1/identity/credentials/request')).body as { items: { types: string[] }[] };
    const credentials = held.items.flatMap((c) => c.types);
    o.log(`${m.name}: holds ${credentials.join(', ')}`);
    let offersPublished = 0;
    if (m.part !== undefined && training) {
      const requests = trainingOfferRequests({
        part: m.part,
        plan: trainingPlan,
        rounds: training.rounds,
        coordinatorDid: dids.get(training.coordinator) as string,
        dataSet,
        ...(training.deleteAfter ? { deleteAfter: training.deleteAfter } : {}),
      });
      for (const r of requests) offersPublished += (await m.client.post(r.path, r.body)).created ? 1 : 0;
      o.log(`${m.name}: offers ${dataSet.name} of ${m.part} for training (${offersPublished} of ${requests.length} resources new)`);
    }
    result.participants.push({ name: m.name, did, registered: registration.created, credentials, offersPublished });
  }
  for (const m of members) await waitUntil(`${m.name} ready`, up(m.client, '/health/ready'), wait);
  o.log(`the data space is up: ${members.length} participants registered and ready`);
  return result;
}
