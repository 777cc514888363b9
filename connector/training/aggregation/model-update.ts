import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/**
 * What a site sends back after one round. The update is a *delta* Δ = w_local − w_global (not new
 * parameters): clipping and noise apply to Δ, and the coordinator adds the weighted mean of the deltas
 * to the global model it sent. `signature` is whatever the injected verifier accepts (a JWS, a receipt id…).
 */
export interface ModelUpdate {
  readonly agreementId: string;
  readonly siteId: string;
  readonly round: number;
  readonly globalModelHash: string;
  readonly delta: Float64Array;
  readonly sampleCount: number;
  readonly signature?: string | undefined;
}

/** The identity of an update: at most one is accepted per (agreement, site, round, global model). */
export function updateKey(u: Pick<ModelUpdate, 'agreementId' | 'siteId' | 'round' | 'globalModelHash'>): string {
  return canonicalize([u.agreementId, u.siteId, u.round, u.globalModelHash]) ?? '';
}

/**
 * `sha256:<hex>` over the RFC 8785 header {agreementId, siteId, round, globalModelHash, sampleCount} and
 * the delta's float64 little-endian bytes: what a site signs and the coordinator's verifier checks.
 */
export function updateDigest(u: Omit<ModelUpdate, 'signature'>): string {
  const header = canonicalize({ agreementId: u.agreementId, siteId: u.siteId, round: u.round, globalModelHash: u.globalModelHash, sampleCount: u.sampleCount }) ?? '';
  const body = new DataView(new ArrayBuffer(8 * u.delta.length));
  u.delta.forEach((v, i) => body.setFloat64(8 * i, v, true));
  return `sha256:${createHash('sha256').update(header).update('\n').update(new Uint8Array(body.buffer)).digest('hex')}`;
}
