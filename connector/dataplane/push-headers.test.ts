import { describe, expect, it } from 'vitest';
import type { TransferProcess } from '../transfer/index.js';
import { pushHeaders } from './push-headers.js';

const t = (fields: Partial<TransferProcess>) => ({ id: 'urn:uuid:p-1', ...fields }) as TransferProcess;

describe('push headers', () => {
  it('name the transfer and give a key made of it and the start of the push, as an RFC 8941 string', () => {
    expect(pushHeaders(t({ pushStartedAt: 1_767_225_600_000 }))).toEqual({
      'x-kontor-transfer': 'urn:uuid:p-1',
      'idempotency-key': '"urn:uuid:p-1/push/1767225600000"',
    });
  });

  it('escape a quote or backslash in the key, and differ per push', () => {
    expect(pushHeaders(t({ id: 'a"b\\c', pushStartedAt: 1 }))['idempotency-key']).toBe('"a\\"b\\\\c/push/1"');
    expect(pushHeaders(t({ pushStartedAt: 1 }))['idempotency-key']).not.toBe(pushHeaders(t({ pushStartedAt: 2 }))['idempotency-key']);
  });
});
