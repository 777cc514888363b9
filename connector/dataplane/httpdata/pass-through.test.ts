import { afterEach, describe, expect, it } from 'vitest';
import { startDataPlane } from '../../../test/helpers/data-plane-harness.js';
import { startRecordingBackend } from '../../../test/helpers/recording-backend.js';

type Switches = { proxyPath: boolean; proxyQueryParams: boolean; proxyMethod: boolean; proxyBody: boolean };
const names = ['proxyPath', 'proxyQueryParams', 'proxyMethod', 'proxyBody'] as const;
/** Every combination of the four switches except proxyBody without proxyMethod (refused when the asset is created). */
const combos: Switches[] = [...Array(16).keys()]
  .map((n) => Object.fromEntries(names.map((k, i) => [k, Boolean(n & (1 << i))])) as Switches)
  .filter((s) => !s.proxyBody || s.proxyMethod);
/** The request part each switch governs, and what the data plane answers when it is sent with the switch off. */
const part = {
  proxyPath: { path: '/v2/items%20a', status: 404, code: 'NOT_FOUND' },
  proxyQueryParams: { query: 'q=wind&limit=5', status: 400, code: 'INVALID_QUERY' },
  proxyMethod: { method: 'PUT', status: 405, code: 'METHOD_NOT_ALLOWED' },
  proxyBody: { body: '{"reading":42}', status: 400, code: 'VALIDATION_FAILED' },
} as const;
const label = (s: Switches) => names.map((k) => `${k}=${String(s[k])}`).join(' ');

function requestFor(on: Partial<Switches>) {
  const method = on.proxyMethod ? part.proxyMethod.method : 'GET';
  return {
    path: `${on.proxyPath ? part.proxyPath.path : ''}${on.proxyQueryParams ? `?${part.proxyQueryParams.query}` : ''}`,
    init: { method: on.proxyBody ? 'PUT' : method, ...(on.proxyBody ? { body: part.proxyBody.body, headers: { 'content-type': 'application/json' } } : {}) },
  };
}

describe("HttpData pass-through of the consumer's request, every combination of the proxy switches", () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  it.each(combos.map((s) => [label(s), s] as const))('%s: passes what is on, refuses what is off', async (_label, s) => {
    const backend = await startRecordingBackend();
    closers.push(backend.close);
    const plane = await startDataPlane({ baseUrl: `${backend.url}/api/base?fixed=1`, ...Object.fromEntries(names.map((k) => [k, String(s[k])])) });
    closers.push(plane.close);

    const { path, init } = requestFor(s);
    const ok = await plane.send(path, init);
    expect(ok).toEqual({ status: 200, body: '{"ok":true}' });
    const got = backend.data[0];
    expect(got?.method).toBe(s.proxyMethod ? 'PUT' : 'GET');
    expect(got?.url).toBe(`/api/base${s.proxyPath ? '/v2/items%20a' : ''}?fixed=1${s.proxyQueryParams ? '&q=wind&limit=5' : ''}`);
    expect(got?.body).toBe(s.proxyBody ? part.proxyBody.body : '');
    if (s.proxyBody) expect(got?.headers['content-type']).toBe('application/json');

    for (const off of names.filter((k) => !s[k])) {
      const extra = off === 'proxyBody' ? { ...s, proxyBody: true, proxyMethod: true } : { ...s, [off]: true };
      const sent = requestFor(extra);
      // A body with the method off goes with PUT: refused for the method before the body is looked at.
      const refused = await plane.send(sent.path, sent.init);
      const expected = off === 'proxyBody' && !s.proxyMethod ? part.proxyMethod : part[off];
      expect({ off, status: refused.status, code: (JSON.parse(refused.body) as { code: string }).code }).toEqual({ off, status: expected.status, code: expected.code });
    }
    expect(backend.data).toHaveLength(1);
  });
});
