import { randomBytes, randomInt } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { pino, type Logger as PinoLogger } from 'pino';
import type { Clock } from '../../core/index.js';
import type { TrainingBackend } from '../../connector/training/training-backend.js';
import { createAuthority, type Authority } from '../../connector/authority-app.js';
import { loadConfig } from '../../connector/config/load-config.js';
import { createConnector, type Connector } from '../../connector/connector.js';
import { writeDevCa } from '../../connector/http/tls/dev-ca-folder.js';
import { systemClock } from '../../core/index.js';

export interface DemoNode {
  name: string;
  connector: Connector;
  did: string;
  managementUrl: string;
  publicUrl: string;
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
}

export interface DemoDataSpace {
  authority: Authority;
  authorityUrl: string;
  nodes: DemoNode[];
  stop(): Promise<void>;
}

/** One member of a demo data space; `clock` and `logger` replace the system clock and the shared logger for this node only (tests). */
export interface DemoMember {
  name: string;
  legalName: string;
  roles: string[];
  overrides?: Record<string, unknown>;
  clock?: Clock;
  logger?: PinoLogger;
  /** Replaces the member's training backend (tests: a site that poisons its updates). */
  trainingBackend?: TrainingBackend;
}

/**
 * An authority and connectors on loopback, each with its own SQLite file and keys under `dir`, all registered.
 * With `https`, `kontor dev-ca` makes a CA and a certificate for 127.0.0.1 in `dir/tls`: every public listener
 * serves it, every node trusts the CA (tls.caFile), and did:web resolves over HTTPS without the plain-HTTP loopback
 * exception (loopback is reached through outbound.allowAddresses, as the outbound policy documents).
 */
export async function startDataSpace(dir: string, members: DemoMember[], logLevel = 'warn', options: { https?: boolean } = {}): Promise<DemoDataSpace> {
  const apiKey = randomBytes(24).toString('hex');
  const logger = pino({ level: logLevel });
  const transport = options.https ? httpsSettings(join(dir, 'tls')) : { 'did.allowHttpLoopback': true };
  const common = (name: string, publicPort: number) => ({
    'managementApi.apiKey': apiKey,
    'managementApi.port': 0,
    'publicApi.port': publicPort,
    'publicApi.host': '127.0.0.1',
    'store.path': join(dir, `${name}.db`),
    'identity.keyFile': join(dir, `${name}-keys.json`),
    'training.artifactDir': join(dir, `${name}-artifacts`),
    'webhooks.allowHttp': true,
    'stateMachine.retryBaseMs': 100,
    'shutdown.graceMs': 500,
    ...transport,
  });
  const authorityConfig = loadConfig({ env: {}, overrides: common('authority', await freePort()) });
  const authority = await createAuthority(authorityConfig, { logger });
  const started = await authority.start();
  const authorityApi = client(started.managementUrl, apiKey);
  const nodes: DemoNode[] = [];
  try {
    for (const m of members) {
      const port = await freePort();
      const config = loadConfig({
        env: {},
        overrides: { ...common(m.name, port), 'identity.authorityUrl': started.publicUrl, 'identity.trustedIssuers': [authority.did], ...(m.overrides ?? {}) },
      });
      await authorityApi('POST', '/api/v1/participants', {
        did: config.participantId,
        legalName: m.legalName,
        roles: m.roles,
        frameworkAgreements: ['DataExchangeGovernance:1.0'],
      });
      const connector = await createConnector(config, {
        logger: m.logger ?? logger,
        ...(m.clock ? { clock: m.clock } : {}),
        ...(m.trainingBackend ? { trainingBackend: m.trainingBackend } : {}),
      });
      const urls = await connector.start();
      nodes.push({ name: m.name, connector, did: config.participantId, ...urls, api: client(urls.managementUrl, apiKey) });
    }
  } catch (error) {
    for (const n of nodes) await n.connector.stop();
    await authority.stop();
    throw error;
  }
  return {
    authority,
    authorityUrl: started.publicUrl,
    nodes,
    stop: async () => {
      for (const n of nodes) await n.connector.stop();
      await authority.stop();
    },
  };
}

/** One development CA and one certificate for 127.0.0.1 (every node listens there), as `kontor dev-ca` writes them. */
function httpsSettings(tlsDir: string): Record<string, unknown> {
  const made = writeDevCa({ dir: tlsDir, hosts: ['127.0.0.1'], clock: systemClock });
  const host = made.hosts[0] as { certFile: string; keyFile: string };
  return { 'tls.certFile': host.certFile, 'tls.keyFile': host.keyFile, 'tls.caFile': made.caFile, 'outbound.allowAddresses': ['127.0.0.0/8', '::1'] };
}

function client(base: string, apiKey: string) {
  return async <T = unknown>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'x-api-key': apiKey, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

/**
 * A loopback port that was free a moment ago, for a listener whose URL must be known before it starts (did:web).
 * Picked at random below the kernel's ephemeral range (32768+ on Linux), where outgoing connections take their
 * local ports, so that one of the many connections a data space opens cannot take it between now and the bind.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + randomInt(12_000);
    if (await canBind(port)) return port;
  }
  return bindAndRelease(0);
}

function canBind(port: number): Promise<boolean> {
  return bindAndRelease(port).then(
    () => true,
    () => false,
  );
}

function bindAndRelease(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(bound));
    });
  });
}
