import { readFileSync } from 'node:fs';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createConnectorMetrics } from '../../connector/metrics/connector-metrics.js';
import { registerStoreGauges } from '../../connector/store/sql/store-gauges.js';
import { systemClock } from '../../core/index.js';
import type { Database } from '../../connector/store/database.js';

const docs = readFileSync(new URL('../../docs/operations.md', import.meta.url), 'utf8');

describe('docs/operations.md', () => {
  it('should list every metric a connector registers, with its type, and no metric that does not exist', async () => {
    const metrics = createConnectorMetrics(new Registry());
    // No database behind it: the store gauges come out empty, which is all this test needs (names and types).
    registerStoreGauges(metrics.registry, {} as Database, systemClock);
    const registered = await Promise.all(
      (metrics.registry.getMetricsAsArray() as unknown as { name: string; get(): Promise<{ type: unknown }> }[]).map(async (m) => ({
        name: m.name,
        type: String((await m.get()).type),
      })),
    );
    const rows = new Map([...docs.matchAll(/^\| `(kontor_[a-z_]+)` \| (counter|gauge|histogram)/gm)].map((m) => [m[1], m[2]]));
    for (const m of registered) expect(rows.get(m.name), m.name).toBe(m.type);
    expect([...rows.keys()].filter((name) => !registered.some((m) => m.name === name))).toEqual([]);
  });

  it('should name every readiness check', () => {
    for (const check of ['database', 'clock', 'keys', 'membershipCredential', 'authority']) expect(docs).toContain(`| \`${check}\` |`);
  });
});
