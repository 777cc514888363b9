import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnector, type RunningConnector } from '../../../test/helpers/start-connector.js';

let c: RunningConnector;
beforeAll(async () => {
  c = await startConnector('sqlite');
});
afterAll(async () => c.stop());

interface Listed {
  templates: { id: string; parameters: { name: string; type: string; required: boolean }[]; example: Record<string, unknown> }[];
}

describe('policy template routes', () => {
  it('should list the templates with their parameters', async () => {
    const res = await c.api('/api/v1/policy-templates');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Listed;
    expect(body.templates.map((t) => t.id)).toEqual(expect.arrayContaining(['usage-n-times', 'catena-x-usage-offer', 'federated-training-offer']));
    const nTimes = body.templates.find((t) => t.id === 'usage-n-times');
    expect(nTimes?.parameters).toContainEqual(expect.objectContaining({ name: 'times', type: 'integer', required: true }));
  });

  it('should instantiate every template from its listed example, into a policy that can be stored', async () => {
    const { templates } = (await (await c.api('/api/v1/policy-templates')).json()) as Listed;
    for (const t of templates) {
      const res = await c.api(`/api/v1/policy-templates/${t.id}/instantiate`, { method: 'POST', json: { parameters: t.example } });
      expect(res.status, t.id).toBe(200);
      const { policy } = (await res.json()) as { policy: unknown };
      const stored = await c.api('/api/v1/policies', { method: 'POST', json: { id: `from-${t.id}`, policy } });
      expect(stored.status, `${t.id}: ${await stored.clone().text()}`).toBe(201);
    }
  });

  it('should answer 400 naming each bad parameter, and 404 for an unknown template', async () => {
    const bad = await c.api('/api/v1/policy-templates/usage-during-interval/instantiate', { method: 'POST', json: { parameters: { start: 'tomorrow', colour: 'blue' } } });
    expect(bad.status).toBe(400);
    const problem = (await bad.json()) as { code: string; errors: { pointer: string }[] };
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors.map((e) => e.pointer).sort()).toEqual(['/parameters/colour', '/parameters/end', '/parameters/start']);
    expect((await c.api('/api/v1/policy-templates/usage-n-times/instantiate', { method: 'POST', json: { parameters: { times: 'five' } } })).status).toBe(400);
    expect((await c.api('/api/v1/policy-templates/usage-n-times/instantiate', { method: 'POST', json: {} })).status).toBe(400);
    for (const times of [1e300, 2 ** 53, 1.5, 0]) {
      const huge = await c.api('/api/v1/policy-templates/usage-n-times/instantiate', { method: 'POST', json: { parameters: { times } } });
      expect([huge.status, ((await huge.json()) as { errors?: { pointer: string }[] }).errors?.map((e) => e.pointer)], String(times)).toEqual([400, ['/parameters/times']]);
    }
    expect((await c.api('/api/v1/policy-templates/usage-n-times/instantiate', { method: 'POST', json: { parameters: { times: Number.MAX_SAFE_INTEGER } } })).status).toBe(200);
    expect((await c.api('/api/v1/policy-templates/no-such-template/instantiate', { method: 'POST', json: { parameters: {} } })).status).toBe(404);
  });
});
