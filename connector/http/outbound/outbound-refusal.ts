import { ConnectorError } from '../../../core/index.js';

/** The OUTBOUND_REFUSED error in `error` or its causes (fetch wraps a refused connect in `TypeError: fetch failed`). */
export function outboundRefusal(error: unknown): ConnectorError | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof ConnectorError && e.code === 'OUTBOUND_REFUSED') return e;
  }
  return undefined;
}
