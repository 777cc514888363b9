import { afterEach, describe, expect, it } from 'vitest';
import { DEV_IDENTITY_NETWORK_WARNING, DEV_IDENTITY_WARNING } from '../../connector/identity-module.js';
import { capturingLogger } from '../helpers/log-capture.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';

const WARN = 40;
let running: RunningConnector | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('the development identity', () => {
  it('should say so at startup, once, at warn, and name itself in GET /api/v1/identity', async () => {
    const { logger, lines } = capturingLogger();
    running = await startConnector('sqlite', { logger }, { 'identity.kind': 'dev' });
    expect(lines.filter((l) => l.msg === DEV_IDENTITY_WARNING).map((l) => l.level)).toEqual([WARN]);
    const identity = (await (await running.api('/api/v1/identity')).json()) as { did: string; kind: string };
    expect(identity).toEqual({ did: running.connector.config.participantId, kind: 'dev', authority: null });
  });

  it('should say so when identity.dev.allowNetwork serves it beyond loopback', async () => {
    const { logger, lines } = capturingLogger();
    running = await startConnector('sqlite', { logger }, { 'identity.kind': 'dev', 'identity.dev.allowNetwork': true });
    expect(lines.filter((l) => l.msg === DEV_IDENTITY_NETWORK_WARNING).map((l) => l.level)).toEqual([WARN]);
    expect(lines.some((l) => l.msg === DEV_IDENTITY_WARNING)).toBe(false);
  });

  it('should stay silent about it when the identity is DCP', async () => {
    const { logger, lines } = capturingLogger();
    running = await startConnector('sqlite', { logger }, { 'identity.kind': 'dcp', 'did.allowHttpLoopback': true });
    expect(lines.some((l) => l.msg === DEV_IDENTITY_WARNING)).toBe(false);
    expect(((await (await running.api('/api/v1/identity')).json()) as { kind: string }).kind).toBe('dcp');
  });
});
