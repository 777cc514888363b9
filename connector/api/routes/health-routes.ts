import { ConnectorError, type Logger } from '../../../core/index.js';
import { runReadiness, type ReadinessCheck } from '../../health/readiness.js';
import type { RouteDef } from '../../http/route-def.js';

/**
 * GET /health/live (the process answers) and GET /health/ready (every readiness check passes, else 503
 * NOT_READY with one violation per failing check). Both are served without the API key, like /health,
 * because orchestrators' probes carry no credentials; they reveal no more than which check fails, with the check's
 * fixed reason. Why it failed (addresses, URLs, the driver's message) goes to the log at warn, once per failure and
 * detail, and a recovery at info.
 */
export function healthRoutes(deps: { checks: readonly ReadinessCheck[]; logger: Logger }): RouteDef[] {
  // What each failing check last logged: a probe every few seconds (or anyone who can reach the keyless route) logs a
  // failure once, again when its detail changes, and its recovery once.
  const logged = new Map<string, string>();
  const note = (checks: readonly { name: string; ok: boolean; detail?: string | undefined }[]) => {
    for (const c of checks) {
      if (c.ok) {
        if (logged.delete(c.name)) deps.logger.info({ check: c.name }, `readiness check ${c.name} passes again`);
      } else if (logged.get(c.name) !== (c.detail ?? '')) {
        logged.set(c.name, c.detail ?? '');
        deps.logger.warn({ check: c.name, detail: c.detail }, `readiness check ${c.name} failed: ${c.detail}`);
      }
    }
  };
  return [
    { method: 'get', path: '/health/live', public: true, handler: (_req, res) => void res.json({ status: 'live' }) },
    {
      method: 'get',
      path: '/health/ready',
      public: true,
      handler: async (_req, res) => {
        const result = await runReadiness(deps.checks);
        note(result.checks);
        if (!result.ready) {
          const failing = result.checks.filter((c) => !c.ok);
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
