import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { BootstrapPlan } from '../../connector/dataspace/bootstrap-plan.js';
import { eventually } from '../helpers/eventually.js';
import { parsePrometheusText } from '../helpers/prometheus-text.js';
import { freePort, runCli, waitForOutput, type ConnectorProcess } from '../helpers/connector-process.js';

const API_KEY = 'bootstrap-test-key-0123456789abcdef';
const compose = parse(readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8'), { merge: true }) as {
  services: Record<string, { environment: Record<string, string>; command: string[] }>;
};
const planFile = compose.services.bootstrap?.command[3] as string;
const composePlan = JSON.parse(readFileSync(new URL(`../../${planFile}`, import.meta.url), 'utf8')) as BootstrapPlan;
/** A site and the coordinator of the compose file's plan (all four would only cost more processes). */
const CHOSEN = ['site-biscoe', 'coordinator'];

type Node = { name: string; managementUrl: string; publicUrl: string; env: Record<string, string>; process: ConnectorProcess };
const nodes: Node[] = [];
let dir: string;

/** The compose network's folders and addresses, and where the loopback run has them instead. */
const TLS_DIR = '/var/lib/kontor-tls';
const tlsDir = () => join(dir, 'tls');
const onLoopback = (env: Record<string, string>) =>
  Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v.startsWith(`${TLS_DIR}/`) ? join(tlsDir(), v.slice(TLS_DIR.length + 1)) : v]));

/**
 * The compose service's own environment (HTTPS with the compose file's certificates, made by its `kontor dev-ca`
 * command), with what only the compose network has replaced for loopback and SQLite: 127.0.0.1 instead of the
 * service names (the certificates name it too) and the loopback range instead of the network's subnet.
 */
async function launch(name: string, args: string[], started: string, authorityPublic: string | undefined): Promise<Node> {
  const [management, pub] = [await freePort(), await freePort()];
  // The shared secrets are \${…} references docker compose fills from the operator's environment; here SQLite needs none.
  const {
    KONTOR_STORE_URL: _url,
    KONTOR_STORE_SCHEMA: _schema,
    KONTOR_DATA_TOKEN_SECRET: _secret,
    KONTOR_ARTIFACT_KEK: _kek,
    ...fromCompose
  } = compose.services[name]?.environment ?? {};
  const authority = authorityPublic ?? `https://127.0.0.1:${pub}`;
  const env = {
    ...onLoopback(fromCompose),
    KONTOR_API_KEY: API_KEY,
    KONTOR_MANAGEMENT_HOST: '127.0.0.1',
    KONTOR_PUBLIC_HOST: '127.0.0.1',
    KONTOR_MANAGEMENT_PORT: String(management),
    KONTOR_PUBLIC_PORT: String(pub),
    KONTOR_PUBLIC_URL: `https://127.0.0.1:${pub}`,
    KONTOR_STORE_KIND: 'sqlite',
    KONTOR_STORE_PATH: join(dir, `${name}.db`),
    KONTOR_KEY_FILE: join(dir, `${name}-keys.json`),
    KONTOR_TRAINING_ARTIFACT_DIR: join(dir, `${name}-artifacts`),
    KONTOR_OUTBOUND_ALLOW_ADDRESSES: '127.0.0.0/8',
    KONTOR_AUTHORITY_URL: authority,
    KONTOR_TRUSTED_ISSUERS: `did:web:${new URL(authority).host.replace(':', '%3A')}`,
  };
  const p = runCli(args, env);
  const node = { name, managementUrl: `http://127.0.0.1:${management}`, publicUrl: `https://127.0.0.1:${pub}`, env, process: p };
  nodes.push(node);
  await waitForOutput(p, started);
  return node;
}

const cliEnv = () => ({ ...onLoopback(compose.services.bootstrap?.environment ?? {}), KONTOR_API_KEY: API_KEY });
const bootstrap = (plan: string) => runCli(['dataspace', 'bootstrap', '--plan', plan, '--wait-attempts', '1', '--wait-interval-ms', '1'], cliEnv());
const api = (node: Node, path: string) => fetch(`${node.managementUrl}${path}`, { headers: { 'x-api-key': API_KEY } });

describe('kontor dataspace bootstrap against real Kontor processes on loopback (the compose plan, loopback addresses)', () => {
  let authority: Node;
  let participants: Node[];
  let plan: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kontor-bootstrap-'));
    const [, ...certificates] = compose.services.certificates?.command ?? []; // dev-ca --out /var/lib/kontor-tls --host …
    const devCa = runCli(['dev-ca', ...certificates.map((arg) => (arg === TLS_DIR ? tlsDir() : arg))], {});
    expect(await devCa.exited, devCa.stderr()).toBe(0);
    for (const host of ['authority', ...CHOSEN]) expect(existsSync(join(tlsDir(), `${host}.pem`)), host).toBe(true);
    expect(compose.services.authority?.environment.KONTOR_DID_ALLOW_HTTP_LOOPBACK).toBeUndefined();
    authority = await launch('authority', ['authority', 'start'], 'authority started', undefined);
    participants = [];
    for (const name of CHOSEN) participants.push(await launch(name, ['start'], 'connector started', authority.publicUrl));
    const loopback: BootstrapPlan = {
      ...composePlan,
      authority: { managementUrl: authority.managementUrl },
      participants: composePlan.participants
        .filter((p) => CHOSEN.includes(p.name))
        .map((p) => ({ ...p, managementUrl: participants[CHOSEN.indexOf(p.name)]?.managementUrl as string, publicUrl: participants[CHOSEN.indexOf(p.name)]?.publicUrl as string })),
    };
    plan = join(dir, 'plan.json');
    writeFileSync(plan, JSON.stringify(loopback));
  }, 120_000);
  afterAll(async () => {
    for (const n of nodes) n.process.child.kill('SIGTERM');
    await Promise.all(nodes.map((n) => n.process.exited));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('should leave the participants not ready (no membership credential) before it runs', async () => {
    for (const p of participants) {
      const res = await fetch(`${p.managementUrl}/health/ready`);
      expect(res.status, p.name).toBe(503);
      const problem = (await res.json()) as { code: string; errors: { pointer: string }[] };
      expect(problem.code).toBe('NOT_READY');
      expect(problem.errors.map((e) => e.pointer)).toEqual(['/checks/membershipCredential']);
      const health = runCli(['health', '--ready'], p.env);
      expect(await health.exited, p.name).toBe(1);
    }
    const authorityHealth = runCli(['health', '--ready'], authority.env);
    expect(await authorityHealth.exited).toBe(0);
  }, 60_000);

  it('should register every participant, get them their credentials, publish the offers, and leave all ready', async () => {
    const run = bootstrap(plan);
    expect(await run.exited, run.stderr()).toBe(0);
    const result = JSON.parse(run.stdout().trim().split('\n').at(-1) as string) as {
      participants: { name: string; did: string; registered: boolean; credentials: string[]; offersPublished: number }[];
    };
    const dids = participants.map((p) => `did:web:${new URL(p.publicUrl).host.replace(':', '%3A')}`);
    expect(result.participants.map((p) => [p.name, p.did, p.registered, p.offersPublished])).toEqual([
      ['site-biscoe', dids[0], true, 4],
      ['coordinator', dids[1], true, 0],
    ]);
    for (const p of result.participants) expect(p.credentials, p.name).toContain('MembershipCredential');

    const registered = (await (await api(authority, '/api/v1/participants')).json()) as { items: { did: string; status: string }[] };
    expect(registered.items.map((i) => i.did).sort()).toEqual([...dids].sort());
    const [site] = participants as [Node];
    expect((await api(site, '/api/v1/contract-definitions/penguin-study-offer')).status).toBe(200);
    const policy = JSON.stringify(await (await api(site, '/api/v1/policies/penguin-study')).json());
    expect(policy).toContain(dids[1]);
    for (const p of participants) {
      expect((await fetch(`${p.managementUrl}/health/ready`)).status, p.name).toBe(200);
      expect(await runCli(['health', '--ready'], p.env).exited, p.name).toBe(0);
    }
  }, 60_000);

  it('should change nothing when run again', async () => {
    const again = bootstrap(plan);
    expect(await again.exited, again.stderr()).toBe(0);
    expect(again.stdout()).toContain('site-biscoe: did:web:');
    expect(again.stdout()).toContain('was already registered');
    const result = JSON.parse(again.stdout().trim().split('\n').at(-1) as string) as { participants: { registered: boolean; offersPublished: number }[] };
    expect(result.participants.map((p) => [p.registered, p.offersPublished])).toEqual([
      [false, 0],
      [false, 0],
    ]);
  }, 60_000);

  it('should then start the training with kontor dataspace train: negotiated, and it runs to completion', async () => {
    const run = runCli(['dataspace', 'train', '--plan', plan, '--wait-interval-ms', '50', '--wait-attempts', '600'], cliEnv());
    expect(await run.exited, run.stderr()).toBe(0);
    const { trainingId, agreements } = JSON.parse(run.stdout().trim().split('\n').at(-1) as string) as { trainingId: string; agreements: string[] };
    expect(agreements).toHaveLength(1);
    const coordinator = participants[1] as Node;
    const done = await eventually(
      'the training to finish',
      async () => {
        const t = (await (await api(coordinator, `/api/v1/trainings/${encodeURIComponent(trainingId)}`)).json()) as { state: string; currentRound: number };
        return ['COMPLETED', 'STOPPED', 'FAILED'].includes(t.state) ? t : undefined;
      },
      2400,
    );
    expect(done).toMatchObject({ state: 'COMPLETED', currentRound: composePlan.training?.rounds });
    // The training's figures: rounds and their durations at the coordinator, allowed round requests at the site.
    const coordinatorMetrics = parsePrometheusText(await (await api(coordinator, '/metrics')).text());
    expect(coordinatorMetrics.value('kontor_training_rounds_total')).toBe(composePlan.training?.rounds);
    expect(coordinatorMetrics.value('kontor_training_round_duration_seconds_count')).toBe(composePlan.training?.rounds);
    expect(coordinatorMetrics.value('kontor_trainings_finished_total', { state: 'COMPLETED' })).toBe(1);
    const siteMetrics = parsePrometheusText(await (await api(participants[0] as Node, '/metrics')).text());
    expect(siteMetrics.value('kontor_training_round_requests_total', { outcome: 'allowed' })).toBeGreaterThanOrEqual(composePlan.training?.rounds ?? 1);
    expect(siteMetrics.value('kontor_training_round_requests_total', { outcome: 'refused' })).toBe(0);
  }, 180_000);

  it('should refuse a plan that does not hold together, naming each problem', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...composePlan, training: { ...composePlan.training, coordinator: 'nobody' } }));
    const run = bootstrap(bad);
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toContain('/training/coordinator');
  }, 60_000);
});
