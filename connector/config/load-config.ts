import { readFileSync } from 'node:fs';
import { ConnectorError, type Violation } from '../../core/index.js';
import { CONFIG_SCHEMA, type Setting } from './config-schema.js';
import type { KontorConfig } from './kontor-config.js';
import { parseSetting } from './parse-setting.js';
import { didWebFromUrl } from './did-web-from-url.js';
import { addressList } from './address-ranges.js';
import { kekFromSecret } from './artifact-kek.js';
import { schemaNameProblem } from './schema-name.js';
import { tlsConfig, tlsServing } from './tls-config.js';
import { unknownEnvironment } from './unknown-environment.js';
import { readConfigFile } from './config-file.js';
import { participantIdProblem } from './participant-id.js';
import { didAllowList } from './did-allow-list.js';
import { httpHostList } from './http-hosts.js';
import { urlPathProblem } from './url-path.js';
import { checkOrderedSettings } from './ordered-settings.js';
import { checkDevOnLoopback } from './dev-network.js';
import { checkDependentSettings } from './dependent-settings.js';
import { checkReplicaSecrets } from './replica-secrets.js';
import { apiKeyProblem } from './api-key-rule.js';
import { publicPortProblem } from './public-port.js';
import { storeUrlOptionsProblem } from './store-url-options.js';
import { readSecretFile, refusedSecrets } from './secret-files.js';
import { authorityKeyType, checkDevOnlySettings, disclosedCredentialTypes, parseFederationPeers, parseTrustedIssuers, scopeAliases } from './setting-parsers.js';

export interface ConfigSources {
  /** Path of the optional JSON configuration file (`--config FILE`). */
  file?: string | undefined;
  /** Environment variables; the process environment when omitted. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Programmatic overrides by dotted key; they win over everything (tests, examples). */
  overrides?: Readonly<Record<string, unknown>>;
  readFile?: (path: string) => string;
  /**
   * Which process reads it: the authority (`kontor authority start`) has no data plane and seals nothing (no shared
   * secrets); a `store-reader` (`kontor audit verify`) only reads the store and a `key-tool` (`kontor init`) only its
   * key file: neither serves a management API nor seals anything, so neither the API key nor the shared secrets are
   * required (a value given is still checked).
   */
  role?: 'connector' | 'authority' | 'store-reader' | 'key-tool';
}

/**
 * Loads the configuration: defaults < JSON file < environment < overrides.
 * Every problem is collected and reported at once in one CONFIG_INVALID error.
 */
export function loadConfig(sources: ConfigSources = {}): KontorConfig {
  const env = sources.env ?? process.env;
  const readFile = sources.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
  const problems: Violation[] = [];
  const fileValues = sources.file ? readConfigFile(sources.file, readFile, problems) : {};
  const values = new Map<string, unknown>();
  /** The settings given in the file, the environment or an override (not left at their default). */
  const given = new Set<string>();

  for (const setting of CONFIG_SCHEMA) {
    const value = resolveSetting(setting, fileValues, env, sources.overrides ?? {}, problems);
    if (value !== undefined) values.set(setting.key, value);
    if (setting.key in fileValues || env[setting.env] !== undefined || setting.key in (sources.overrides ?? {})) given.add(setting.key);
  }
  for (const setting of CONFIG_SCHEMA.filter((s) => s.secret)) {
    const inline = (env[setting.env] ?? '') !== '' || setting.key in (sources.overrides ?? {});
    readSecretFile(setting, values, inline, readFile, problems);
  }
  const refused = refusedSecrets(problems);
  problems.push(...unknownEnvironment(env, KNOWN_ENVIRONMENT));
  const role = sources.role ?? 'connector';
  const config = assemble(values, (key) => given.has(key), refused, problems, role === 'connector' || role === 'authority');
  if (role === 'connector') checkReplicaSecrets(config, problems, refused, (key) => given.has(key));
  // A reader of the store has no listener: its port is not read.
  const portProblem =
    role === 'store-reader' ? undefined : publicPortProblem(values.get('publicApi.port') as number | undefined, values.get('publicApi.url') as string | undefined);
  if (portProblem) problems.push(portProblem);
  if (env.NODE_TLS_REJECT_UNAUTHORIZED === '0' && config.identity.kind !== 'dev') {
    problems.push({
      pointer: 'NODE_TLS_REJECT_UNAUTHORIZED',
      message: 'turns certificate verification off and is refused outside identity.kind dev: trust a development CA with tls.caFile (KONTOR_TLS_CA_FILE) instead',
    });
  }
  for (const key of TRAINER_ENVIRONMENT) if (env[key] !== undefined) config.training.localTrainerEnv[key] = env[key] as string;
  if (problems.length > 0) {
    const detail = problems.map((p) => `${p.pointer}: ${p.message}`).join('; ');
    throw new ConnectorError('CONFIG_INVALID', { detail: `invalid configuration: ${detail}`, violations: problems });
  }
  return deepFreeze(config);
}

/** The environment variables of the settings. */
const KNOWN_ENVIRONMENT: ReadonlySet<string> = new Set(CONFIG_SCHEMA.map((s) => s.env));

/** What a site's own trainer may see of the connector's environment (training.localTrainer). */
const TRAINER_ENVIRONMENT = ['PATH', 'HOME', 'LANG', 'LC_ALL'];

function resolveSetting(
  setting: Setting,
  fileValues: Record<string, unknown>,
  env: Readonly<Record<string, string | undefined>>,
  overrides: Readonly<Record<string, unknown>>,
  problems: Violation[],
): unknown {
  let value: unknown = setting.default ?? undefined;
  const candidates: [string, unknown, 'text' | 'json'][] = [];
  if (setting.key in fileValues) {
    if (setting.secret) problems.push({ pointer: setting.key, message: `is a secret: set ${setting.env} or ${setting.secret.fileKey}, not the config file` });
    else candidates.push([`${setting.key} (config file)`, fileValues[setting.key], 'json']);
  }
  const fromEnv = env[setting.env];
  // An empty variable is set, not absent: an empty list, or a problem (it would otherwise be dropped in silence).
  if (fromEnv === '' && setting.type !== 'list')
    problems.push({ pointer: `${setting.key} (${setting.env})`, message: `is empty: give ${setting.env} a value, or unset it to use the config file's value or the default` });
  else if (fromEnv !== undefined) candidates.push([`${setting.key} (${setting.env})`, fromEnv, 'text']);
  if (setting.key in overrides) candidates.push([setting.key, overrides[setting.key], 'text']);
  for (const [where, raw, source] of candidates) {
    const parsed = parseSetting(setting, raw, source);
    if (parsed.ok) value = parsed.value;
    else problems.push({ pointer: where, message: parsed.message });
  }
  return value;
}

function assemble(values: Map<string, unknown>, given: (key: string) => boolean, refused: ReadonlySet<string>, problems: Violation[], needsApiKey: boolean): KontorConfig {
  const get = <T>(key: string): T => values.get(key) as T;
  const addresses = (key: string): readonly string[] => {
    const entries = get<readonly string[]>(key);
    try {
      addressList(entries);
    } catch (error) {
      problems.push({ pointer: key, message: (error as Error).message });
    }
    return entries;
  };
  const apiKey = get<string | undefined>('managementApi.apiKey');
  const artifactKek = get<string | undefined>('usage.artifactKek');
  if (artifactKek !== undefined) {
    try {
      kekFromSecret(artifactKek); // the same reading the vault will do
    } catch {
      problems.push({ pointer: 'usage.artifactKek', message: 'must be base64 of 32 random bytes (openssl rand -base64 32)' });
    }
  }
  if (apiKey === undefined) {
    if (needsApiKey && !refused.has('managementApi.apiKey'))
      problems.push({ pointer: 'managementApi.apiKey', message: 'is required: set KONTOR_API_KEY or managementApi.apiKeyFile' });
  } else {
    const keyProblem = apiKeyProblem(apiKey, get('runtime.environment'));
    if (keyProblem) problems.push({ pointer: 'managementApi.apiKey', message: keyProblem });
  }
  const kind = get<'sqlite' | 'postgres'>('store.kind');
  if (get('identity.kind') === 'dev' && get('runtime.environment') === 'production') {
    problems.push({ pointer: 'identity.kind', message: 'dev identity is for tests only and is refused when NODE_ENV=production' });
  }
  checkDevOnlySettings(get, problems);
  checkOrderedSettings(get, problems);
  const participantId = get<string | undefined>('participantId');
  const idProblem = participantId === undefined ? undefined : participantIdProblem(participantId, get('identity.kind'));
  if (idProblem) problems.push({ pointer: 'participantId', message: idProblem });
  const dspBasePath = get<string>('dsp.basePath');
  const pathProblem = urlPathProblem(dspBasePath);
  if (pathProblem) problems.push({ pointer: 'dsp.basePath', message: `${pathProblem}: give '/' then path segments, such as /api/dsp (KONTOR_DSP_BASE_PATH)` });
  const tokenSecret = get<string | undefined>('dataPlane.tokenSecret');
  if (tokenSecret !== undefined && tokenSecret.length < 32) problems.push({ pointer: 'dataPlane.tokenSecret', message: 'must be at least 32 characters' });
  const storeUrl = get<string | undefined>('store.url');
  if (kind === 'postgres' && storeUrl === undefined && !refused.has('store.url'))
    problems.push({ pointer: 'store.url', message: 'is required when store.kind is postgres (KONTOR_STORE_URL)' });
  const optionsProblem = kind === 'postgres' && storeUrl !== undefined ? storeUrlOptionsProblem(storeUrl) : undefined;
  if (optionsProblem) problems.push({ pointer: 'store.url', message: optionsProblem });
  const schemaProblem = kind === 'postgres' ? schemaNameProblem(get<string>('store.schema')) : undefined;
  if (schemaProblem) problems.push({ pointer: 'store.schema', message: `'${get<string>('store.schema')}' is not usable: ${schemaProblem}` });
  const publicPort = get<number>('publicApi.port');
  const tls = tlsConfig(get, problems);
  const publicUrl = get<string | undefined>('publicApi.url') ?? `${tlsServing(tls) ? 'https' : 'http'}://127.0.0.1:${publicPort}`;
  const publicHost = get<string | undefined>('publicApi.host') ?? (get('identity.kind') === 'dev' ? '127.0.0.1' : '0.0.0.0');
  checkDevOnLoopback(get, { publicHost, publicUrl }, problems);
  checkDependentSettings(get, given, problems);
  return {
    participantId: participantId ?? didWebFromUrl(publicUrl),
    runtime: { environment: get('runtime.environment') },
    managementApi: {
      host: get('managementApi.host'),
      port: get('managementApi.port'),
      apiKey: apiKey ?? '',
      bodyLimitBytes: get('managementApi.bodyLimitBytes'),
      problemTypeBase: get('managementApi.problemTypeBase'),
    },
    publicApi: { host: publicHost, port: publicPort, url: publicUrl.replace(/\/+$/, '') },
    store: {
      kind,
      path: get('store.path'),
      url: get('store.url'),
      schema: get('store.schema'),
      poolSize: get('store.poolSize'),
      migrate: get('store.migrate'),
      busyTimeoutMs: get('store.busyTimeoutMs'),
      lockWaitMs: get('store.lockWaitMs'),
    },
    identity: {
      kind: get('identity.kind'),
      keyFile: get('identity.keyFile'),
      authorityUrl: get<string | undefined>('identity.authorityUrl')?.replace(/\/+$/, ''),
      trustedIssuers: parseTrustedIssuers(get<readonly string[]>('identity.trustedIssuers'), problems),
      scopeAliases: scopeAliases(get<readonly string[]>('identity.scopeAliases'), problems),
      disclosedCredentialTypes: disclosedCredentialTypes(get<readonly string[]>('identity.disclosedCredentialTypes'), problems),
      statusRefreshMs: get('identity.statusRefreshMs'),
      presentationCacheSize: get('identity.presentationCacheSize'),
      tokenTtlSeconds: get('identity.tokenTtlSeconds'),
      dev: {
        fixedAuthorization: get<string | undefined>('identity.dev.fixedAuthorization'),
        fixedParticipant: get('identity.dev.fixedParticipant'),
        allowNetwork: get('identity.dev.allowNetwork'),
      },
    },
    did: {
      allowHttpLoopback: get('did.allowHttpLoopback'),
      httpHosts: httpHostList(get<readonly string[]>('did.httpHosts'), problems),
      cacheTtlMs: get('did.cacheTtlMs'),
      cacheSize: get('did.cacheSize'),
      negativeCacheTtlMs: get('did.negativeCacheTtlMs'),
      fetchesPerMinute: get('did.fetchesPerMinute'),
    },
    tls,
    outbound: { allowAddresses: addresses('outbound.allowAddresses'), denyAddresses: addresses('outbound.denyAddresses') },
    authority: {
      credentialValiditySeconds: get('authority.credentialValiditySeconds'),
      credentialFormat: get('authority.credentialFormat'),
      keyType: authorityKeyType(get('authority.keyType'), get('authority.credentialFormat'), problems),
      p256KeyFile: get<string | undefined>('authority.p256KeyFile') ?? `${get<string>('identity.keyFile').replace(/\.json$/, '')}.p256.json`,
    },
    dsp: {
      basePath: dspBasePath,
      bodyLimitBytes: get('dsp.bodyLimitBytes'),
      catalogPageSize: get('dsp.catalogPageSize'),
      catalogMaxPageSize: get('dsp.catalogMaxPageSize'),
      catalogCacheTtlMs: get('dsp.catalogCacheTtlMs'),
      requireAgreementCredential: didAllowList('dsp.requireAgreementCredential', get('dsp.requireAgreementCredential'), problems),
      unsignedOffersFrom: didAllowList('dsp.unsignedOffersFrom', get('dsp.unsignedOffersFrom'), problems),
      agreementCredentialSuite: get('dsp.agreementCredentialSuite'),
    },
    catalog: {
      federation: {
        peers: parseFederationPeers(get<readonly string[]>('catalog.federation.peers'), problems),
        directory: get('catalog.federation.directory'),
        intervalMs: get('catalog.federation.intervalMs'),
        evictAfterMs: get('catalog.federation.evictAfterMs'),
        peerTimeoutMs: get('catalog.federation.peerTimeoutMs'),
      },
    },
    stateMachine: {
      idleWaitMs: get('stateMachine.idleWaitMs'),
      leaseMs: get('stateMachine.leaseMs'),
      retryLimit: get('stateMachine.retryLimit'),
      retryBaseMs: get('stateMachine.retryBaseMs'),
      peerSilenceMs: get('stateMachine.peerSilenceMs'),
    },
    webhooks: { allowHttp: get('webhooks.allowHttp'), retryLimit: get('webhooks.retryLimit'), retryBaseMs: get('webhooks.retryBaseMs'), retryCapMs: get('webhooks.retryCapMs') },
    training: {
      maxClipNorm: get('training.maxClipNorm'),
      minNoiseMultiplier: get<number>('training.minNoiseMilli') / 1000,
      maxModelNorm: get('training.maxModelNorm'),
      sampleCountBucket: get('training.sampleCountBucket'),
      artifactDir: get('training.artifactDir'),
      localTrainer: get('training.localTrainer'),
      localTrainerTimeoutMs: get('training.localTrainerTimeoutMs'),
      dataRoot: get<string | undefined>('training.dataRoot'),
      localTrainerEnv: {},
    },
    usage: {
      monitorIntervalMs: get('usage.monitorIntervalMs'),
      receiptGraceMs: get('usage.receiptGraceMs'),
      suspendAfterMs: get('usage.suspendAfterMs'),
      artifactKek,
      artifactKekFile: get<string | undefined>('usage.artifactKekFile') ?? `${get<string>('identity.keyFile').replace(/\.json$/, '')}.artifact-kek.json`,
      artifactKekFileGiven: given('usage.artifactKekFile'),
    },
    health: { credentialMarginMs: get('health.credentialMarginMs') },
    log: { level: get('log.level') },
    shutdown: { graceMs: get('shutdown.graceMs') },
    tck: { enabled: get('tck.enabled'), fixtureFile: get<string | undefined>('tck.fixtureFile') },
    dataPlane: {
      tokenTtlSeconds: get('dataPlane.tokenTtlSeconds'),
      tokenSecret: get<string | undefined>('dataPlane.tokenSecret'),
      fileRoot: get<string | undefined>('dataPlane.fileRoot'),
      secretsDir: get<string | undefined>('dataPlane.secretsDir'),
      sourceTimeoutMs: get('dataPlane.sourceTimeoutMs'),
      pushTimeoutMs: get('dataPlane.pushTimeoutMs'),
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
