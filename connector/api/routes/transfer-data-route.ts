import type { Request, Response } from 'express';
import { ConnectorError } from '../../../core/index.js';
import { boundedFetch } from '../../http/bounded-fetch.js';
import { OutboundLimitError } from '../../http/deadline.js';
import type { OutboundPolicy } from '../../http/outbound/index.js';
import type { transferEdr } from '../../transfer/index.js';
import type { RouteDef } from '../../http/route-def.js';

export interface TransferDataDeps {
  edr: ReturnType<typeof transferEdr>;
  outbound: OutboundPolicy;
}

/** Most bytes the preview pulls; a larger data set is pulled with the EDR itself. */
export const PREVIEW_MAX_BYTES = 1024 * 1024;
const PREVIEW_CHARS = 4096;

/**
 * GET /api/v1/transfers/{id}/data: pulls a started pull transfer's data through its EDR, from the connector (a
 * browser under the console's content security policy cannot call the provider's data plane), and answers what came
 * back: the provider's status, media type, length and the first characters (as UTF-8 text).
 */
export function transferDataRoute(deps: TransferDataDeps): RouteDef {
  const handler = async (req: Request, res: Response) => {
    const e = await deps.edr(String(req.params.id));
    const headers: Record<string, string> = e.token ? { authorization: `Bearer ${e.token}` } : {};
    const answer = await boundedFetch(e.endpoint, { headers }, { timeoutMs: 30_000, maxBytes: PREVIEW_MAX_BYTES, target: deps.outbound }).catch((error: unknown) => {
      if (error instanceof ConnectorError) throw error;
      const why = error instanceof OutboundLimitError ? error.message : "the provider's data plane cannot be reached";
      throw new ConnectorError('PEER_UNAVAILABLE', { detail: `the data could not be previewed: ${why}; pull it with the EDR` });
    });
    res.json({
      status: answer.status,
      contentType: answer.headers.get('content-type'),
      characters: answer.text.length,
      preview: answer.text.slice(0, PREVIEW_CHARS),
      truncated: answer.text.length > PREVIEW_CHARS,
    });
  };
  return { method: 'get', path: '/api/v1/transfers/{id}/data', handler };
}
