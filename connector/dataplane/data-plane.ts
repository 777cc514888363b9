import type { Router } from 'express';
import { httpDataAddress } from '../transfer/index.js';
import type { DataFlows } from '../transfer/index.js';
import type { DataPlaneDeps } from './data-plane-deps.js';
import { dataPlaneRouter } from './data-plane-routes.js';
import { tokenClaimsFor } from './data-token.js';
import { pushAsset } from './http-push.js';

export const DATA_PLANE_PATH = '/api/data';

/** The provider's HTTP data plane: pull endpoints with short-lived tokens, push delivery, and flow cutting. */
export function createDataPlane(deps: DataPlaneDeps): { flows: DataFlows; router: Router } {
  const endpoint = (id: string) => `${deps.baseUrl}/${encodeURIComponent(id)}`;
  const flows: DataFlows = {
    async pullAddress(t) {
      const issued = await deps.tokens.issue(tokenClaimsFor(t));
      return httpDataAddress({ endpoint: endpoint(t.id), authorization: issued.token, authType: 'bearer', refreshEndpoint: `${endpoint(t.id)}/token` });
    },
    push: (t) => pushAsset(deps, t),
    cut: (id) => deps.registry.cut(id),
  };
  return { flows, router: dataPlaneRouter(deps) };
}
