import { ConnectorError } from '../../../core/index.js';

/** Clipping norm C (L2, of the whole update) and noise multiplier z (σ = z·C). */
export interface PrivacySettings {
  readonly clipNorm: number;
  readonly noiseMultiplier: number;
}

/**
 * Optional privacy demands from three parties. The coordinator *requests* values; the agreement
 * (fl:clipNorm lteq C, fl:noiseMultiplier gteq z) and the site's own configuration set bounds. The
 * strictest wins: the smallest clipping norm and the largest noise multiplier. Nobody can weaken
 * what another party demands. A missing clip norm means "no clipping" (Infinity).
 */
export interface PrivacyDemands {
  readonly requested?: Partial<PrivacySettings> | undefined;
  readonly agreement?: Partial<PrivacySettings> | undefined;
  readonly site?: Partial<PrivacySettings> | undefined;
}

export function effectivePrivacy(demands: PrivacyDemands): PrivacySettings {
  const all = [demands.requested, demands.agreement, demands.site];
  const clips = all.map((d) => d?.clipNorm).filter((v): v is number => v !== undefined);
  const noises = all.map((d) => d?.noiseMultiplier).filter((v): v is number => v !== undefined);
  for (const c of clips) if (!(c > 0)) throw new ConnectorError('VALIDATION_FAILED', { detail: `clipNorm must be positive, got ${c}` });
  for (const z of noises) if (!(z >= 0) || !Number.isFinite(z)) throw new ConnectorError('VALIDATION_FAILED', { detail: `noiseMultiplier must be a finite number ≥ 0, got ${z}` });
  const clipNorm = Math.min(Infinity, ...clips);
  const noiseMultiplier = Math.max(0, ...noises);
  if (noiseMultiplier > 0 && !Number.isFinite(clipNorm)) {
    throw new ConnectorError('VALIDATION_FAILED', { detail: 'noise (σ = z·C) needs a finite clipNorm from the plan, the agreement or the site' });
  }
  return { clipNorm, noiseMultiplier };
}
