import { describe, expect, it } from 'vitest';
import { errorPids } from './error-pids.js';

const consumerRecord = { id: 'urn:c', role: 'consumer' as const, consumerPid: 'urn:c', providerPid: 'urn:p' };

describe('errorPids', () => {
  it('names the pids of the process the caller may see, never the body’s', () => {
    expect(errorPids(consumerRecord, 'urn:c', 'either', { providerPid: 'urn:x', consumerPid: 'urn:y' })).toEqual({ providerPid: 'urn:p', consumerPid: 'urn:c' });
    expect(errorPids({ id: 'urn:p', role: 'provider', consumerPid: 'urn:c' }, 'urn:p', 'either', {})).toEqual({ providerPid: 'urn:p', consumerPid: 'urn:c' });
  });

  it("takes the provider's pid from its message while our consumer record has not learnt it", () => {
    const learning = { ...consumerRecord, providerPid: undefined };
    expect(errorPids(learning, 'urn:c', 'consumer', { providerPid: 'urn:p-named' })).toEqual({ providerPid: 'urn:p-named', consumerPid: 'urn:c' });
    expect(errorPids(learning, 'urn:c', 'consumer', {})).toEqual({ providerPid: undefined, consumerPid: 'urn:c' });
  });

  it.each([
    ['provider', {}, { providerPid: 'urn:path', consumerPid: undefined }],
    ['consumer', { providerPid: 'urn:p' }, { providerPid: 'urn:p', consumerPid: 'urn:path' }],
    ['either', { consumerPid: 'urn:path', providerPid: 'urn:p' }, { providerPid: 'urn:p', consumerPid: 'urn:path' }],
    ['either', { providerPid: 'urn:path' }, { providerPid: 'urn:path', consumerPid: undefined }],
    ['either', {}, { providerPid: undefined, consumerPid: undefined }],
    ['either', { providerPid: 42, consumerPid: 'x'.repeat(600) }, { providerPid: undefined, consumerPid: undefined }],
  ] as const)('without a process: the path pid of a %s path placed by its role or the message (%#)', (role, body, expected) => {
    expect(errorPids(undefined, 'urn:path', role, body)).toEqual(expected);
  });

  it('names only what the message named when the path names no pid', () => {
    expect(errorPids(undefined, undefined, 'provider', { consumerPid: 'urn:c' })).toEqual({ providerPid: undefined, consumerPid: 'urn:c' });
  });
});
