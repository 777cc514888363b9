import type { Training } from '../../connector/training/training.js';
import type { DemoNode } from './demo-data-space.js';

type Problem = { status: number; code?: string; detail?: string; receipts?: { id: string }[] };

/** A management call that may be refused: the answer, or the problem body the demo client's error carries. */
async function attempt<T>(node: DemoNode, method: string, path: string, body?: unknown): Promise<{ ok: true; value: T } | { ok: false; problem: Problem }> {
  try {
    return { ok: true, value: await node.api<T>(method, path, body) };
  } catch (error) {
    const text = /→ \d{3}: (.*)$/s.exec((error as Error).message)?.[1] ?? '{}';
    return { ok: false, problem: JSON.parse(text) as Problem };
  }
}

/** A few rows to predict on, made from the model's public input scaling (the mean, and one deviation either side): never a site's row. */
export function exampleRows(t: Training): Record<string, number>[] {
  const scaling = t.scaling ?? t.plan.scaling;
  if (scaling.mean.length !== t.plan.features.length) return [];
  return [0, -1, 1].map((k) => Object.fromEntries(t.plan.features.map((f, j) => [f, Number(((scaling.mean[j] ?? 0) + k * (scaling.std[j] ?? 0)).toFixed(3))])));
}

export interface Prediction {
  class: string;
  probabilities: Record<string, number>;
}

const path = (id: string, tail: string) => `/api/v1/trainings/${encodeURIComponent(id)}/${tail}`;

export async function predict(coordinator: DemoNode, id: string, purpose: string, rows: Record<string, number>[]) {
  return attempt<{ predictions: Prediction[]; probabilitiesRounded: boolean }>(coordinator, 'POST', path(id, 'predictions'), { purpose, rows });
}

/** Waits (bounded) until every site has countersigned (or refused) the model credential. */
export async function waitForProvenance(
  coordinator: DemoNode,
  id: string,
  sites: number,
): Promise<{ credential: Record<string, unknown>; attestations: { siteDid: string; attestation: Record<string, unknown> }[]; refusals: unknown[] }> {
  for (let i = 0; i < 150; i++) {
    const p = await attempt<{ credential: Record<string, unknown>; attestations: { siteDid: string; attestation: Record<string, unknown> }[]; refusals: unknown[] }>(
      coordinator,
      'GET',
      path(id, 'provenance'),
    );
    if (p.ok && p.value.attestations.length + p.value.refusals.length >= sites) return p.value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the model credential was not countersigned within 30 s');
}

export async function modelCard(coordinator: DemoNode, id: string): Promise<Record<string, unknown>> {
  return coordinator.api<Record<string, unknown>>('GET', path(id, 'model-card'));
}

/**
 * The policy's words from a refusal, short: of a refusal that lists one denial per agreement (` | ` between them), the
 * first in full (with what the policy saw) and how many more; anything still longer than 400 characters is cut visibly.
 */
export const reasonOf = (p: Problem) => {
  const [first = '', ...more] = (p.detail ?? '').split(' | ');
  const n = more.length;
  const reason = `${p.code ?? p.status}: ${first}${n > 0 ? ` (${n} more agreement${n === 1 ? ' denies' : 's deny'} it too)` : ''}`;
  return reason.length > 400 ? `${reason.slice(0, 399)}…` : reason;
};
