import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { ConnectorError, type ErrorCode, type Logger } from '../../core/index.js';
import { DspCodedError } from '../http/dsp-error-code.js';
import { sendDspError } from './send-dsp-error.js';

const CTX = ['https://w3id.org/dspace/2025/1/context.jsonld'];

/** An app whose one route fails with `error`, rendered for `protocol`; the log lines are recorded by level. */
function failing(protocol: 'negotiation' | 'transfer', error: unknown, pids: { providerPid?: string; consumerPid?: string } = { providerPid: 'p-1', consumerPid: 'c-1' }) {
  const logged: string[] = [];
  const logger = {
    error: (_f: unknown, msg: string) => void logged.push(`error: ${msg}`),
    info: (_f: unknown, msg: string) => void logged.push(`info: ${msg}`),
    warn: (_f: unknown, msg: string) => void logged.push(`warn: ${msg}`),
  } as unknown as Logger;
  const app = express().get('/x', (_req, res) => sendDspError(res, protocol, error, pids, logger));
  return { app, logged };
}

describe('sendDspError (the negotiation and transfer error renderer)', () => {
  /** (code → negotiation status, transfer status): the DSP's rules on top of the error's kind. */
  const TABLE: [ErrorCode, number, number][] = [
    ['VALIDATION_FAILED', 400, 400],
    ['INVALID_TRANSITION', 400, 400],
    ['OUTBOUND_REFUSED', 400, 400],
    ['UNAUTHORIZED', 404, 404],
    ['FORBIDDEN', 403, 403],
    ['POLICY_DENIED', 403, 403],
    ['NOT_FOUND', 404, 404],
    ['BODY_TOO_LARGE', 413, 413],
    ['UNSUPPORTED_MEDIA_TYPE', 415, 415],
  ];
  it.each(TABLE)('%s → %i (negotiation) and %i (transfer), the detail as the reason unless 404', async (code, negotiation, transfer) => {
    for (const [protocol, status, type] of [
      ['negotiation', negotiation, 'ContractNegotiationError'],
      ['transfer', transfer, 'TransferError'],
    ] as const) {
      const res = await request(failing(protocol, new ConnectorError(code, { detail: 'the detail' })).app).get('/x');
      expect([res.status, res.body]).toEqual([
        status,
        { '@context': CTX, '@type': type, providerPid: 'p-1', consumerPid: 'c-1', code: String(status), reason: [status === 404 ? 'not found' : 'the detail'] },
      ]);
    }
  });

  it('an internal error or anything thrown that is not ours: 500 "internal error", logged as an error', async () => {
    for (const error of [new ConnectorError('INTERNAL', { detail: 'db password=…' }), new TypeError('x is undefined')]) {
      const { app, logged } = failing('transfer', error);
      const res = await request(app).get('/x');
      expect([res.status, res.body.reason, logged]).toEqual([500, ['internal error'], ['error: DSP message failed']]);
    }
  });

  it('an unavailable store: 503 with Retry-After, logged as a refusal and a warning, not as an error', async () => {
    const { app, logged } = failing('negotiation', new ConnectorError('STORE_UNAVAILABLE', { detail: 'busy', retryAfterSeconds: 7, cause: { code: 'SQLITE_BUSY' } }));
    const res = await request(app).get('/x');
    expect([res.status, res.headers['retry-after'], res.body.reason, logged]).toEqual([503, '7', ['internal error'], ['info: DSP message refused', 'warn: busy']]);
  });

  it("a refusal with a code of Kontor's carries it as the code (both protocols); a coded 404 or 5xx keeps the status", async () => {
    for (const protocol of ['negotiation', 'transfer'] as const) {
      const res = await request(failing(protocol, new DspCodedError('FORBIDDEN', 'kontor:agreement-revoked', { detail: 'the detail' })).app).get('/x');
      expect([res.status, res.body.code, res.body.reason]).toEqual([403, 'kontor:agreement-revoked', ['the detail']]);
    }
    for (const [code, status] of [
      ['NOT_FOUND', 404],
      ['INTERNAL', 500],
    ] as const) {
      const res = await request(failing('transfer', new DspCodedError(code, 'kontor:x')).app).get('/x');
      expect([res.status, res.body.code]).toEqual([status, String(status)]);
    }
  });

  it('names unknown pids as urn:kontor:unknown', async () => {
    const res = await request(failing('negotiation', new ConnectorError('VALIDATION_FAILED'), {}).app).get('/x');
    expect([res.body.providerPid, res.body.consumerPid, res.body.reason]).toEqual(['urn:kontor:unknown', 'urn:kontor:unknown', ['The request is invalid']]);
  });

  it('should give a stored value that does not open (STORE_INTEGRITY) a reason naming no table, column or row', async () => {
    const broken = new ConnectorError('STORE_INTEGRITY', { detail: "assets.dataAddress of 'x2' does not open (tampered, or moved from another row)", retryable: false });
    for (const protocol of ['negotiation', 'transfer'] as const) {
      const res = await request(failing(protocol, broken).app).get('/x');
      expect(res.status).toBe(503);
      expect(res.body.reason).toEqual(['internal error']);
      expect(res.text).not.toMatch(/assets|dataAddress|x2/);
    }
  });
});
