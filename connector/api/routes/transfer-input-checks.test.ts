import type { Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import type { InitiateTransfer, transferEdr, transferService } from '../../transfer/index.js';
import { RequestValidator } from '../../http/request-validator.js';
import { openApiDocument } from '../openapi-document.js';
import { transferInputProblems } from './transfer-input-checks.js';
import { transfersRoutes } from './transfers-routes.js';

const pull: InitiateTransfer = { agreementId: 'a1', transferType: 'HttpData-PULL' };
const push = (dataDestination: NonNullable<InitiateTransfer['dataDestination']>): InitiateTransfer => ({ agreementId: 'a1', transferType: 'HttpData-PUSH', dataDestination });

describe('transferInputProblems', () => {
  it('should refuse a counterPartyAddress with a query, a fragment or credentials, naming it', () => {
    for (const counterPartyAddress of ['https://p.example/api/dsp?x=1#f', 'https://p.example/api/dsp?', 'https://p.example/api/dsp#f', 'https://u:p@p.example/api/dsp']) {
      expect(transferInputProblems({ ...pull, counterPartyAddress }).map((v) => v.pointer)).toEqual(['/counterPartyAddress']);
    }
    expect(transferInputProblems({ ...pull, counterPartyAddress: 'https://p.example/api/dsp' })).toEqual([]);
  });

  it('should refuse a destination endpoint with user:password@ (or a user alone), naming it', () => {
    for (const endpoint of ['https://alice:S3cret@sink.example/in', 'https://alice@sink.example/in']) {
      expect(transferInputProblems(push({ endpoint }))).toEqual([{ pointer: '/dataDestination/endpoint', message: expect.stringMatching(/credentials/) }]);
    }
    expect(transferInputProblems(push({ endpoint: 'https://sink.example/in?sig=ok', authorization: 'a b\tc' }))).toEqual([]);
  });

  it('should hold authorization and authType to the header-value rule', () => {
    expect(transferInputProblems(push({ endpoint: 'https://sink.example/in', authorization: 'tök€n', authType: 'a\r\nb' })).map((v) => v.pointer)).toEqual([
      '/dataDestination/authorization',
      '/dataDestination/authType',
    ]);
  });
});

describe('POST /api/v1/transfers', () => {
  const started: unknown[] = [];
  const service = {
    initiate: async (input: unknown) => {
      started.push(input);
      return { id: 'urn:uuid:t1' };
    },
  } as unknown as ReturnType<typeof transferService>;
  const routes = transfersRoutes({ service, edr: (async () => undefined) as unknown as ReturnType<typeof transferEdr>, validator: new RequestValidator(openApiDocument) });
  const start = routes.find((r) => r.method === 'post' && r.path === '/api/v1/transfers');
  const post = async (body: unknown) => {
    const res = { status: () => res, set: () => res, json: () => res } as unknown as Response;
    try {
      await start?.handler({ body } as Request, res, () => undefined);
      return 'started';
    } catch (error) {
      return error;
    }
  };

  it('should refuse, before anything is started, a destination with credentials and an address with a query', async () => {
    expect(await post(push({ endpoint: 'https://alice:S3cret@sink.example/in' }))).toMatchObject({
      code: 'VALIDATION_FAILED',
      violations: [{ pointer: '/dataDestination/endpoint' }],
    });
    expect(await post({ ...pull, counterPartyAddress: 'https://p.example/api/dsp?x=1#f' })).toMatchObject({ violations: [{ pointer: '/counterPartyAddress' }] });
    expect(await post(push({ endpoint: 'https://sink.example/in', authorization: 'x', authType: 'x y\u0000' }))).toMatchObject({
      violations: [{ pointer: '/dataDestination/authType' }],
    });
    expect(started).toEqual([]);
    expect(await post({ ...pull, counterPartyAddress: 'https://p.example/api/dsp' })).toBe('started');
    expect(started).toHaveLength(1);
  });
});
