import type { OutboundPolicy } from '../../http/outbound/index.js';
import { dspRequest, joinUrl } from '../../peer/dsp-http-client.js';
import type { FetchPresentation, PresentationRequest } from '../identity-verifier.js';

export const DCP_CONTEXT = 'https://w3id.org/dspace-dcp/v1.0/dcp.jsonld';
export const DCP_SCOPE_PREFIX = 'org.eclipse.dspace.dcp.vc.type:';

/**
 * The verifier's side of a DCP presentation query: our self-issued token (audience = the holder, carrying the
 * holder's access token) to `<credential service>/presentations/query`, asking for the types as DCP scopes.
 */
export function httpFetchPresentation(outbound: OutboundPolicy, ourToken: (holderDid: string, accessToken: string) => Promise<string>): FetchPresentation {
  return async (request: PresentationRequest) => {
    const token = await ourToken(request.holderDid, request.accessToken);
    const { body } = await dspRequest(outbound, 'POST', joinUrl(request.credentialServiceUrl, 'presentations/query'), `Bearer ${token}`, {
      '@context': [DCP_CONTEXT],
      type: 'PresentationQueryMessage',
      scope: request.credentialTypes.map((t) => `${DCP_SCOPE_PREFIX}${t}:read`),
    });
    const presentation = (body as { presentation?: unknown } | undefined)?.presentation;
    return Array.isArray(presentation) ? presentation : [];
  };
}
