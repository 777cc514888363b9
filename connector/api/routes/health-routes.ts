import { ConnectorError, type Logger } from '../../../core/index.js';
import { runReadiness, type ReadinessCheck } from '../../health/readiness.js';
import type { RouteDef } from '../../http/route-def.js';

/**
 * GET /health/live (the process answers) and GET /health/ready (every readiness check passes, else 503
 * NOT_READY with one violation per failing check). Both are served without the API key, like /health,
 * because orchestrators' probes carry no credentials; they reveal no more than which check fails, with the check's
 * fixed reason. Why it failed (addresses, URLs, the driver's message) goes to the log at warn.
 */
export function healthRoutes(deps: { checks: readonly ReadinessCheck[]; logger: Logger }): RouteDef[] {
  return [
    { method: 'get', path: '/health/live', public: true, handler: (_req, res) => void res.json({ status: 'live' }) },
    {
      method: 'get',
      path: '/health/ready',
      public: true,
      handler: async (_req, res) => {
        const result = await runReadiness(deps.checks);
        if (!result.ready) {
          const failing = result.checks.filter((c) => !c.ok);
          for (const c of failing) deps.logger.warn({ check: c.name, detail: c.detail }, `readiness check ${c.name} failed: ${c.detail}`);
          throw new ConnectorError('NOT_READY', {
            detail: `not ready: ${failing.map((c) => c.name).join(', ')}`,
            retryable: true,
            violations: failing.map((c) => ({ pointer: `/checks/${c.name}`, message: c.reason ?? 'failed' })),
          });
        }
        res.json({ status: 'ready', checks: result.checks.map((c) => c.name) });
      },
    },
  ];
}
