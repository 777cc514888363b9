import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { startConnector, type RunningConnector } from '../../test/helpers/start-connector.js';

/**
 * docs/tck.md, "Running it", step 2: the callback address a containerised TCK gives the hooks. Loopback over plain
 * http is a development exception of the development identity; another host over plain http needs did.httpHosts.
 */
const TCK = '{"region": "any", "audience": "any", "clientId":"any"}';
const tckMode = { participantId: 'CONNECTOR_UNDER_TEST', 'tck.enabled': true, 'identity.dev.fixedAuthorization': TCK };
const body = (connectorAddress: string) => ({ providerId: 'TCK_PARTICIPANT', offerId: 'CD123:ACN0101:456', datasetId: 'ACN0101', connectorAddress });

describe('the TCK callback address', () => {
  let c: RunningConnector | undefined;
  afterEach(async () => {
    await c?.stop();
    c = undefined;
  });
  const hook = async (connectorAddress: string) => {
    const res = await fetch(`${c?.publicUrl}/tck/negotiations/requests`, {
      method: 'POST',
      headers: { authorization: TCK, 'content-type': 'application/json' },
      body: JSON.stringify(body(connectorAddress)),
    });
    return { status: res.status, body: (await res.json()) as { code?: string; detail?: string } };
  };

  it('should take a loopback callback over plain http, and refuse another host over plain http by default', async () => {
    c = await startConnector('sqlite', {}, tckMode);
    expect((await hook('http://localhost:8083/api/dsp')).status).toBe(201);
    const refused = await hook('http://host.docker.internal:8083/api/dsp');
    expect(refused).toEqual({ status: 400, body: expect.objectContaining({ code: 'OUTBOUND_REFUSED', detail: expect.stringContaining('plain http is refused (https only)') }) });
  });

  it('should take that host over plain http once KONTOR_DID_HTTP_HOSTS names it', async () => {
    const env = { KONTOR_DID_HTTP_HOSTS: 'host.docker.internal', KONTOR_API_KEY: 'k'.repeat(24) };
    expect(loadConfig({ env }).did.httpHosts).toEqual(['host.docker.internal']);
    c = await startConnector('sqlite', {}, { ...tckMode, 'did.httpHosts': ['host.docker.internal'] });
    expect((await hook('http://host.docker.internal:8083/api/dsp')).status).toBe(201);
    expect((await hook('http://other.docker.internal:8083/api/dsp')).body.code).toBe('OUTBOUND_REFUSED');
  });
});
