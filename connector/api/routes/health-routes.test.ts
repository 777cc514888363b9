import { pino } from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createManagementApp } from '../management-app.js';
import type { ReadinessCheck } from '../../health/readiness.js';
import { healthRoutes } from './health-routes.js';

/** A logger that keeps what it writes. */
function recordingLogger(): { logger: pino.Logger; lines: () => string } {
  const chunks: string[] = [];
  const logger = pino({ level: 'info' }, { write: (chunk: string) => void chunks.push(chunk) });
  return { logger, lines: () => chunks.join('') };
}

const failing = (name: string, failure: string, detail: string): ReadinessCheck => ({ name, failure, check: async () => detail });

describe('GET /health/ready', () => {
  it('should answer each failing check with its fixed reason only, and log the detail', async () => {
    const { logger, lines } = recordingLogger();
    const checks = [
      failing('database', 'the store cannot be queried or is not migrated for this build', 'the postgres database cannot be queried: connect ECONNREFUSED 127.0.0.1:55432'),
      { name: 'keys', failure: 'no signing key is loaded', check: async () => undefined },
    ];
    const app = createManagementApp({
      apiKey: 'k'.repeat(24),
      bodyLimitBytes: 1024,
      problemTypeBase: 'https://kontor.example/problems/',
      logger,
      routes: healthRoutes({ checks, logger }),
    });
    const res = await request(app).get('/health/ready');
    expect(res.status).toBe(503);
    expect(res.body.errors).toEqual([{ pointer: '/checks/database', message: 'the store cannot be queried or is not migrated for this build' }]);
    expect(res.text).not.toContain('127.0.0.1');
    expect(res.text).not.toContain('ECONNREFUSED');
    expect(lines()).toContain('connect ECONNREFUSED 127.0.0.1:55432');
  });

  it('should log a failing check once per detail, not once per probe, and its recovery once', async () => {
    const { logger, lines } = recordingLogger();
    let detail: string | undefined = 'connect ECONNREFUSED 127.0.0.1:55432';
    const checks = [{ name: 'database', failure: 'the store cannot be queried', check: async () => detail }];
    const app = createManagementApp({
      apiKey: 'k'.repeat(24),
      bodyLimitBytes: 1024,
      problemTypeBase: 'https://kontor.example/problems/',
      logger,
      routes: healthRoutes({ checks, logger }),
    });
    const probe = async () => (await request(app).get('/health/ready')).status;
    const count = (text: string) => lines().split(text).length - 1;
    expect([await probe(), await probe(), await probe()]).toEqual([503, 503, 503]);
    expect(count('readiness check database failed')).toBe(1);
    detail = 'the schema is at migration 3';
    expect([await probe(), await probe()]).toEqual([503, 503]);
    expect(count('readiness check database failed')).toBe(2);
    detail = undefined;
    expect([await probe(), await probe()]).toEqual([200, 200]);
    expect(count('readiness check database passes again')).toBe(1);
  });
});
