import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONFIG_SCHEMA } from '../../connector/config/config-schema.js';
import { loadConfig } from '../../connector/config/load-config.js';

type Service = { command?: string[]; environment?: Record<string, string>; network_mode?: string };
const compose = parse(readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8'), { merge: true }) as { services: Record<string, Service> };
const participants = Object.entries(compose.services).filter(([name]) => name !== 'postgres');
const known = new Set(CONFIG_SCHEMA.map((s) => s.env));

describe('docker-compose.yml (Docker is not available in CI, so it is checked against the configuration schema)', () => {
  it('should run an authority, three data sites, a coordinator and PostgreSQL', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['authority', 'coordinator', 'postgres', 'site-biscoe', 'site-dream', 'site-torgersen']);
    expect(compose.services.authority?.command).toEqual(['authority', 'start']);
    for (const [name, s] of participants.filter(([n]) => n !== 'authority')) expect(s.command, name).toEqual(['start']);
  });

  it('should set only known settings, and each participant configuration should load', () => {
    const ports = new Set<string>();
    for (const [name, service] of participants) {
      const env = { ...(service.environment ?? {}), KONTOR_API_KEY: 'x'.repeat(24) };
      expect(Object.keys(env).filter((k) => !known.has(k)), name).toEqual([]);
      const config = loadConfig({ env });
      expect(config.store.kind).toBe('postgres');
      expect(config.identity.authorityUrl).toBe('http://127.0.0.1:9282');
      for (const p of [String(config.publicApi.port), String(config.managementApi.port)]) {
        expect(ports.has(p), `${name} port ${p} is used twice`).toBe(false);
        ports.add(p);
      }
      expect(config.publicApi.url).toBe(`http://127.0.0.1:${config.publicApi.port}`);
    }
  });
});
