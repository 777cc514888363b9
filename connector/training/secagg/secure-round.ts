import { ConnectorError, isConnectorError } from '../../../core/index.js';
import { postToSite } from '../../peer/post-to-site.js';
import type { Training, TrainingSite } from '../training.js';
import { attempt, type CoordinatorDeps, type SiteResult } from '../coordinator/coordinator-round.js';
import { requireCallable } from '../coordinator/site-callable.js';
import { requireTransferRunning } from '../coordinator/site-suspension.js';
import { verifyKeyBundle, type KeyBundle } from './key-bundle.js';
import type { SecAggFit } from './masked-release.js';
import { unmaskSum } from './unmask-sum.js';
import type { RevealedShares } from './wire-share.js';

type Ok<T> = Extract<SiteResult<T>, { ok: true }>;
const isOk = <T>(r: SiteResult<T>): r is Ok<T> => r.ok;

/**
 * The coordinator's side of a securely aggregated round: collects the sites' signed round keys and relays them,
 * relays the sealed shares, then runs the fits (each with the shares sealed to its site) through `fitMasked`. A site that
 * fails a step is out of the round (a dropout). `finish` has the survivors sign who survived and who dropped, relays
 * the signatures, asks them for their shares and returns the FedAvg of the masked updates, never unmasked one by one.
 */
export async function secureFits<T extends { params: number[]; sampleCount: number }>(
  t: Training,
  round: number,
  active: TrainingSite[],
  deps: CoordinatorDeps,
  fitMasked: (site: TrainingSite, secagg: SecAggFit) => Promise<T>,
) {
  const threshold = t.plan.secureAggregation?.threshold ?? 0;
  const r = { trainingId: t.id, round, threshold };
  // No request that is certain to fail: the key exchange admits a site to the round as a plain round's first request does
  // (requireCallable: a suspended site misses the round, site-suspension.ts); a later step goes only to a site whose
  // training transfer still runs (a site suspended since is a dropout, recovered like any other).
  const step = async <A>(site: TrainingSite, body: Record<string, unknown>) => {
    await (body.step === 'keys' ? requireCallable(site, deps) : requireTransferRunning(site, deps));
    return postToSite<A>(deps.outbound, site.endpoint ?? '', 'secagg', await deps.auth.tokenFor(site.siteDid), { ...r, ...body });
  };
  const keys = await Promise.all(active.map((site) => attempt(site, () => step<{ bundle: string }>(site, { step: 'keys' }), t.roundTimeoutMs)));
  const bundles = Object.fromEntries(keys.filter(isOk).map((k) => [k.site.siteDid, k.value.bundle]));
  const shares = await Promise.all(
    keys.filter(isOk).map((k) => attempt(k.site, () => step<{ sealed: Record<string, string> }>(k.site, { step: 'shares', bundles }), t.roundTimeoutMs)),
  );
  const shared = shares.filter(isOk);
  const sealedFor = (to: string) => Object.fromEntries(shared.filter((s) => s.site.siteDid !== to).map((s) => [s.site.siteDid, s.value.sealed[to] ?? '']));
  const failed = (site: TrainingSite): SiteResult<T> | undefined => [...keys, ...shares].find((x) => x.site.siteDid === site.siteDid && !x.ok) as SiteResult<T> | undefined;
  const fits = await Promise.all(
    active.map(async (site) => failed(site) ?? attempt(site, () => fitMasked(site, { trainingId: t.id, sealed: sealedFor(site.siteDid) }), t.roundTimeoutMs)),
  );
  const finish = async (accepted: readonly Ok<T>[]): Promise<number[]> => {
    const survivors = accepted.map((a) => a.site.siteDid);
    const dropped = shared.map((s) => s.site.siteDid).filter((d) => !survivors.includes(d));
    const verified = new Map<string, KeyBundle>();
    for (const s of shared) verified.set(s.site.siteDid, await verifyKeyBundle(bundles[s.site.siteDid] ?? '', { site: s.site.siteDid, trainingId: t.id, round }, deps.resolveKey));
    // Consistency check: every survivor signs the survivors and dropped sites it was told; each reveals only once t signed the same.
    const confirmed = await Promise.all(accepted.map((a) => attempt(a.site, () => step<{ signature: string }>(a.site, { step: 'confirm', survivors, dropped }), t.roundTimeoutMs)));
    const signatures = Object.fromEntries(confirmed.filter(isOk).map((c) => [c.site.siteDid, c.value.signature]));
    const answers = [
      ...confirmed.filter((c) => !c.ok),
      ...(await Promise.all(
        confirmed.filter(isOk).map((c) => attempt(c.site, () => step<{ revealed: RevealedShares }>(c.site, { step: 'reveal', survivors, dropped, signatures }), t.roundTimeoutMs)),
      )),
    ];
    const revealed = new Map(answers.filter(isOk).map((a) => [a.site.siteDid, a.value.revealed]));
    let sum: number[];
    try {
      sum = unmaskSum({ ...r, bundles: verified, masked: new Map(accepted.map((a) => [a.site.siteDid, a.value.params])), revealed });
    } catch (error) {
      // Too few shares came back: the failure names the survivors that revealed none, and why.
      const silent = answers.flatMap((a) => (a.ok ? [] : [`${a.site.siteDid} (${a.reason})`]));
      if (silent.length === 0 || !isConnectorError(error)) throw error;
      throw new ConnectorError(error.code, { detail: `${error.detail ?? error.message}; no shares from ${silent.join('; ')}` });
    }
    const total = accepted.reduce((n, a) => n + a.value.sampleCount, 0);
    if (!(total > 0)) throw new ConnectorError('PEER_UNAVAILABLE', { detail: 'secure aggregation: no samples in the round' });
    return sum.map((x) => x / total);
  };
  return { fits, finish };
}
