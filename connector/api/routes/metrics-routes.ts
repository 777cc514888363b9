import type { Registry } from 'prom-client';
import type { RouteDef } from '../../http/route-def.js';

/** GET /metrics: the registry in the Prometheus text format (API key required, like every management route). */
export function metricsRoutes(deps: { registry: Registry }): RouteDef[] {
  return [
    {
      method: 'get',
      path: '/metrics',
      handler: async (_req, res) => {
        const text = await deps.registry.metrics();
        res.type(deps.registry.contentType).send(text);
      },
    },
  ];
}
