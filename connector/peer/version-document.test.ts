import express from 'express';
import { describe, expect, it } from 'vitest';
import { identifierTypeOf, versionDocument, versionRoute } from './version-document.js';

const options = { basePath: '/api/dsp', serviceId: 'did:web:provider.test#dsp', participantId: 'did:web:provider.test' };

describe('the DSP version document', () => {
  it('lists 2025-1 over HTTPS at our base path, with the service and the identifier type of a DID', () => {
    expect(versionDocument(options)).toEqual({
      protocolVersions: [{ version: '2025-1', path: '/api/dsp', binding: 'HTTPS', serviceId: 'did:web:provider.test#dsp', identifierType: 'did:web' }],
    });
  });

  it('adds the auth profile when configured, and no identifier type for an id that is no DID', () => {
    const auth = { protocol: 'DCP', version: '1.0', profile: ['vc20-bssl/jwt'] };
    expect(versionDocument({ ...options, participantId: 'BPNL000000000001', auth }).protocolVersions[0]).toEqual({
      version: '2025-1',
      path: '/api/dsp',
      binding: 'HTTPS',
      serviceId: options.serviceId,
      auth,
    });
  });

  it.each([
    ['did:web:example.com', 'did:web'],
    ['did:key:z6Mk', 'did:key'],
    ['did:Web:x', undefined],
    ['urn:uuid:1', undefined],
  ])('identifierTypeOf(%s) = %s', (id, type) => {
    expect(identifierTypeOf(id)).toBe(type);
  });

  it('serves the document as JSON without authentication', async () => {
    const app = express().get('/.well-known/dspace-version', versionRoute(options));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as { port: number }).port}/.well-known/dspace-version`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await res.json()).toEqual(versionDocument(options));
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
