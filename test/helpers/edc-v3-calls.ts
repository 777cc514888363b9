import type { Server } from 'node:http';
import type { ConnectorEvents } from '../../connector/connector.js';
import type { LooseJson } from './loose-json.js';
import type { RunningConnector } from './start-connector.js';
import { negotiationReached } from './transfer-fixture.js';

const V3 = '/management/v3';

/** EDC gives a property with one value without a list around it (JSON-LD compaction). */
export const asList = (v: unknown): LooseJson[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]) as LooseJson[];

/** POST to the EDC v3 management API: the status, and the body unless it is 204. */
export async function post(c: RunningConnector, path: string, json: unknown): Promise<{ status: number; body: LooseJson }> {
  const res = await c.api(`${V3}${path}`, { method: 'POST', json });
  return { status: res.status, body: (res.status === 204 ? undefined : await res.json()) as LooseJson };
}

/** GET from the EDC v3 management API, as JSON. */
export async function get(c: RunningConnector, path: string): Promise<LooseJson> {
  return (await (await c.api(`${V3}${path}`)).json()) as LooseJson;
}

/** Starts `s` on a free loopback port; returns its base URL. */
export async function listen(s: Server): Promise<string> {
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(s.address() as { port: number }).port}`;
}

/** The consumer side of `c` reaching `to`. */
export function consumerReached(c: RunningConnector, to: string): Promise<ConnectorEvents['negotiation.stateChanged']> {
  return negotiationReached(c, (e) => e.role === 'consumer' && e.to === to);
}
