import { ConnectorError } from '../../../core/index.js';
import type { secAggSite } from './secagg-site.js';

const bad = (detail: string): never => {
  throw new ConnectorError('VALIDATION_FAILED', { detail });
};
const strings = (v: unknown): v is string[] => Array.isArray(v) && v.length <= 1000 && v.every((x) => typeof x === 'string');
const record = (v: unknown): v is Record<string, string> => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');

/**
 * One step of secure aggregation as the coordinator asks a site for it (`POST /api/training/{tid}/secagg`):
 * `keys` (the signed round keys), `shares` (verifies the relayed bundles, returns shares sealed to the other sites),
 * `reveal` (shares for the named survivors and dropped sites). Bad input is refused naming the field.
 */
export async function secAggStep(site: ReturnType<typeof secAggSite> | undefined, body: unknown): Promise<Record<string, unknown>> {
  if (!site) throw new ConnectorError('FORBIDDEN', { detail: 'this site runs no secure aggregation (no DCP identity)' });
  const b = (body ?? {}) as Record<string, unknown>;
  const known = ['step', 'trainingId', 'round', 'threshold', 'bundles', 'survivors', 'dropped'];
  const unknown = Object.keys(b).filter((k) => !known.includes(k));
  if (unknown.length > 0) bad(`unknown fields: ${unknown.join(', ')}`);
  if (typeof b.trainingId !== 'string' || b.trainingId.length > 200 || !Number.isInteger(b.round) || (b.round as number) < 1 || !Number.isInteger(b.threshold))
    bad('trainingId (up to 200 characters), a positive round and threshold are required');
  const r = { trainingId: String(b.trainingId), round: Number(b.round), threshold: Number(b.threshold) };
  if (b.step === 'keys') return { bundle: await site.advertise(r) };
  if (b.step === 'shares') return { sealed: await site.shareKeys(r, record(b.bundles) ? b.bundles : bad('bundles must map site DIDs to signed bundles')) };
  if (b.step === 'reveal') {
    if (!strings(b.survivors) || !strings(b.dropped)) bad('survivors and dropped must be lists of site DIDs');
    return { revealed: site.reveal(r, b.survivors as string[], b.dropped as string[]) };
  }
  return bad('step must be keys, shares or reveal');
}
