import { ConnectorError } from '../../../core/index.js';
import type { SecAggSession } from './secagg-site.js';

/** The highest round number a secure-aggregation step may name (a training runs far fewer). */
export const MAX_SECAGG_ROUND = 1_000_000;
/** The highest dropout-recovery threshold a step may name (no training has more sites). */
export const MAX_SECAGG_THRESHOLD = 1_000;
/** The fields a step's body may carry; any other is refused, named. */
export const SECAGG_FIELDS = ['step', 'trainingId', 'round', 'threshold', 'bundles', 'survivors', 'dropped', 'signatures'] as const;
/** The fields only some steps take: a step refuses the others' (nothing is accepted and ignored). */
const STEP_FIELDS: Record<string, readonly string[]> = { keys: [], shares: ['bundles'], confirm: ['survivors', 'dropped'], reveal: ['survivors', 'dropped', 'signatures'] };

const bad = (detail: string): never => {
  throw new ConnectorError('VALIDATION_FAILED', { detail });
};
const strings = (v: unknown): v is string[] => Array.isArray(v) && v.length <= 1000 && v.every((x) => typeof x === 'string');
const record = (v: unknown): v is Record<string, string> => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');
const within = (v: unknown, max: number): v is number => Number.isSafeInteger(v) && (v as number) >= 1 && (v as number) <= max;

/**
 * One step of secure aggregation as the coordinator asks a site for it (`POST /api/training/{tid}/secagg`), on the
 * protocol of the caller's training session: `keys` (the signed round keys), `shares` (verifies the relayed bundles,
 * returns shares sealed to the other sites), `confirm` (signs the named survivors and dropped sites), `reveal` (shares
 * for them, once t survivors signed the same). Bad input is refused naming the field; a `trainingId` other than the one
 * the session's secure aggregation runs for is refused, and so is a `threshold` other than the round's.
 */
export async function secAggStep(site: SecAggSession | undefined, body: unknown): Promise<Record<string, unknown>> {
  if (!site) throw new ConnectorError('FORBIDDEN', { detail: 'this site runs no secure aggregation (no DCP identity)' });
  const b = (body ?? {}) as Record<string, unknown>;
  const unknown = Object.keys(b).filter((k) => !(SECAGG_FIELDS as readonly string[]).includes(k));
  if (unknown.length > 0) bad(`unknown fields: ${unknown.join(', ')}`);
  const own = typeof b.step === 'string' && Object.hasOwn(STEP_FIELDS, b.step) ? STEP_FIELDS[b.step] : undefined;
  if (!own) return bad('step must be keys, shares, confirm or reveal');
  const foreign = Object.keys(b).filter((k) => Object.values(STEP_FIELDS).flat().includes(k) && !own.includes(k));
  if (foreign.length > 0) bad(`step ${String(b.step)} takes no ${foreign.join(', ')}`);
  if (typeof b.trainingId !== 'string' || b.trainingId.length === 0 || b.trainingId.length > 200) bad('trainingId (1 to 200 characters) is required');
  if (!within(b.round, MAX_SECAGG_ROUND)) bad(`round must be an integer from 1 to ${MAX_SECAGG_ROUND}`);
  if (!within(b.threshold, MAX_SECAGG_THRESHOLD)) bad(`threshold must be an integer from 1 to ${MAX_SECAGG_THRESHOLD}`);
  const r = { trainingId: String(b.trainingId), round: Number(b.round), threshold: Number(b.threshold) };
  if (b.step === 'keys') return { bundle: await site.advertise(r) };
  if (b.step === 'shares') return { sealed: await site.shareKeys(r, record(b.bundles) ? b.bundles : bad('bundles must map site DIDs to signed bundles')) };
  if (!strings(b.survivors) || !strings(b.dropped)) return bad('survivors and dropped must be lists of site DIDs');
  if (b.step === 'confirm') return { signature: await site.confirm(r, b.survivors, b.dropped) };
  if (!record(b.signatures)) return bad('signatures must map survivor DIDs to their signed confirmations');
  return { revealed: await site.reveal(r, b.survivors, b.dropped, b.signatures) };
}
