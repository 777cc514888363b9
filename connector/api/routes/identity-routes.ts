import { ConnectorError, toIso } from '../../../core/index.js';
import type { CredentialRequester, HeldCredentialStore } from '../../identity/index.js';
import type { RouteDef } from '../../http/route-def.js';

/**
 * GET /api/v1/identity (DID, identity kind: `dev` is the development identity that proves nothing), /identity/credentials
 * (as issued, proofs included), refresh, and the verification-cache flush.
 */
export function identityRoutes(deps: { wallet: HeldCredentialStore; flush: () => void; requester: CredentialRequester | undefined; did: string; kind: 'dcp' | 'dev' }): RouteDef[] {
  const credentials = async () =>
    (await deps.wallet.list()).map((c) => ({
      id: c.id,
      issuer: c.issuer,
      types: c.types,
      validUntil: toIso(c.validUntil),
      receivedAt: toIso(c.receivedAt),
      credential: c.credential,
    }));
  return [
    { method: 'get', path: '/api/v1/identity', handler: (_req, res) => void res.json({ did: deps.did, kind: deps.kind, authority: deps.requester?.authorityDid ?? null }) },
    { method: 'get', path: '/api/v1/identity/credentials', handler: async (_req, res) => void res.json({ items: await credentials() }) },
    {
      method: 'post',
      path: '/api/v1/identity/credentials/request',
      handler: async (_req, res) => {
        if (!deps.requester) throw new ConnectorError('VALIDATION_FAILED', { detail: 'no authority is configured (identity.authorityUrl)' });
        await deps.requester.request();
        res.json({ items: await credentials() });
      },
    },
    {
      method: 'post',
      path: '/api/v1/identity/cache/flush',
      handler: (_req, res) => {
        deps.flush();
        res.status(204).end();
      },
    },
  ];
}
